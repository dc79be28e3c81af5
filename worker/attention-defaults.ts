/**
 * The attention model's defaults (docs/attention.md), each with the published figure it comes
 * from. Where the figure could not be checked against the paper's own text, the comment says
 * so: the number is then the commonly quoted one, and a parameter to override.
 */
import type { AttentionParams } from './api.js';

/**
 * Visual angle of one CSS px: 0.0213°. CSS Values and Units Level 3, "reference pixel": the
 * visual angle of one pixel on a 96 dpi device at a nominal arm's length of 28 inches, "about
 * 0.0213 degrees" (checked in the specification's text). It is the viewing geometry every
 * angle below is converted with: 1° ≈ 46.9 px.
 */
export const DEGREES_PER_CSS_PX = 0.0213;

/**
 * I-VT threshold: 20°/s. Salvucci & Goldberg, "Identifying fixations and saccades in
 * eye-tracking protocols" (ETRA 2000) describe I-VT as point-to-point velocities against one
 * threshold and cite Sen & Megaw (1984) for a threshold of 20°/s. The 20°/s figure is quoted
 * from that paper as widely reproduced; its text was not available here to check the page.
 * 20 / 0.0213 = 939 px/s; rounded to 940.
 */
export const IVT_THRESHOLD_DEG_PER_S = 20;
export const SPEED_THRESHOLD_PX_PER_S = Math.round(IVT_THRESHOLD_DEG_PER_S / DEGREES_PER_CSS_PX / 10) * 10;

/**
 * Weight of a sample above the threshold: 0. I-VT (Salvucci & Goldberg 2000) classifies such
 * samples as saccades and keeps nothing of them: the eye takes in little during a saccade. A
 * cursor flung across the page is the same kind of ballistic move. Raise it to let fast moves
 * count a little.
 */
export const FAST_WEIGHT = 0;

/**
 * Cursor lag behind gaze: 700 ms. Huang, White & Buscher, "User see, user point: gaze and
 * cursor alignment in web search" (CHI 2012; 36 participants, 32 search tasks — checked in the
 * abstract) found the cursor trailing the eyes; the lag of about 700 ms is the figure commonly
 * quoted from that paper. The exact value could not be checked against the paper's text here.
 */
export const LAG_MS = 700;

/**
 * Gaze–cursor distance as the Gaussian's σ: 140 px. Chen, Anderson & Sohn, "What can a mouse
 * cursor tell us more?" (CHI 2001 extended abstracts) report a strong relation between gaze and
 * cursor positions during web browsing (checked in the abstract); Huang, White & Buscher (CHI
 * 2012) measured the distance itself on search pages, commonly quoted as a mean of about 178 px
 * — a figure that could not be checked against the paper's text here. For a round Gaussian the
 * distance from the centre follows a Rayleigh law with mean σ·√(π/2), so a mean distance of
 * 178 px gives σ = 178 / 1.2533 ≈ 142 px; rounded to 140.
 */
export const MEAN_GAZE_CURSOR_DISTANCE_PX = 178;
export const SPREAD_PX = Math.round(MEAN_GAZE_CURSOR_DISTANCE_PX / Math.sqrt(Math.PI / 2) / 10) * 10;

/**
 * Longest dwell credited to one sample: 5 s. The tracker samples the cursor only when it
 * moves (10 times a second at most), so a long gap is a parked cursor. Huang, White & Buscher
 * (CHI 2012) found the cursor a worse proxy for gaze the longer it stays idle — people read
 * elsewhere while it rests. The paper gives no cut-off that could be checked here; 5 s is this
 * engine's choice (about 20 words of reading at the 238 words a minute of Brysbaert, J. Memory
 * and Language 109, 2019), kept short so a cursor left on a page does not become a hot spot.
 */
export const IDLE_CAP_S = 5;

export const ATTENTION_DEFAULTS: Required<AttentionParams> = Object.freeze({
  idleCap: IDLE_CAP_S,
  speedThreshold: SPEED_THRESHOLD_PX_PER_S,
  fastWeight: FAST_WEIGHT,
  lag: LAG_MS,
  spread: SPREAD_PX,
  perSession: false,
});
