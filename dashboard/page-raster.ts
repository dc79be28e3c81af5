/**
 * Draws the page underneath a map into a canvas for the PNG export. A screenshot <img> is drawn
 * as it is (if its server allows CORS). A live page can only be rasterised when it is
 * same-origin: its DOM, with its style sheets and images inlined, goes into an SVG
 * <foreignObject> that the browser renders as an image. Cross-origin pages, and images or
 * fonts the page loads from other origins, cannot be read by the dashboard (the browser's
 * same-origin policy), so the export then shows the map alone.
 */

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the page could not be rendered as an image'));
    img.src = src;
  });
}

function styleText(doc: Document): string {
  let text = '';
  for (const sheet of Array.from(doc.styleSheets)) {
    try {
      for (const rule of Array.from(sheet.cssRules)) text += `${rule.cssText}\n`;
    } catch {
      // A cross-origin style sheet cannot be read; the page is drawn without it.
    }
  }
  return text;
}

/** Same-origin images of the page as data URLs (an SVG image may not load anything itself). */
function inlineImages(original: Document, clone: Element): void {
  const sources = Array.from(original.images);
  const copies = Array.from(clone.querySelectorAll('img'));
  sources.forEach((img, i) => {
    const copy = copies[i];
    if (!copy) return;
    try {
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      if (!c.width || !c.height) return;
      c.getContext('2d')!.drawImage(img, 0, 0);
      copy.setAttribute('src', c.toDataURL());
    } catch {
      copy.removeAttribute('src');
    }
  });
}

async function rasterizeFrame(frame: HTMLIFrameElement, width: number, height: number): Promise<CanvasImageSource> {
  const doc = frame.contentDocument;
  if (!doc?.documentElement) throw new Error('the live page is not same-origin, so the browser does not let the dashboard read it');
  const clone = doc.documentElement.cloneNode(true) as Element;
  clone.querySelectorAll('script, link[rel~="stylesheet"], style').forEach((n) => n.remove());
  inlineImages(doc, clone);
  const style = document.createElementNS('http://www.w3.org/1999/xhtml', 'style');
  style.textContent = styleText(doc);
  (clone.querySelector('head') ?? clone).prepend(style);
  clone.setAttribute('xmlns', 'http://www.w3.org/1999/xhtml');
  const xhtml = new XMLSerializer().serializeToString(clone);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><foreignObject x="0" y="0" width="100%" height="100%">${xhtml}</foreignObject></svg>`;
  return loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
}

/**
 * Draws `underlay` (the panel's underlay box) into ctx at (x, y, w, h), or explains why not.
 * Returns null when drawn, else the reason.
 */
export async function drawUnderlay(ctx: CanvasRenderingContext2D, underlay: Element | null, x: number, y: number, w: number, h: number): Promise<string | null> {
  const inner = underlay?.firstElementChild;
  if (!inner) return null;
  let image: CanvasImageSource;
  try {
    if (inner instanceof HTMLImageElement) {
      if (!inner.complete || !inner.naturalWidth) throw new Error('the screenshot has not loaded');
      image = inner;
    } else if (inner instanceof HTMLIFrameElement) {
      image = await rasterizeFrame(inner, Number(inner.width), Number(inner.height));
    } else return null;
  } catch (error) {
    return (error as Error).message;
  }
  // Draw on a scratch canvas first: a tainting image must not spoil the export itself.
  const probe = document.createElement('canvas');
  probe.width = Math.max(1, Math.round(w));
  probe.height = Math.max(1, Math.round(h));
  const p = probe.getContext('2d')!;
  p.fillStyle = '#fff';
  p.fillRect(0, 0, probe.width, probe.height);
  p.drawImage(image, 0, 0, probe.width, probe.height);
  try {
    p.getImageData(0, 0, 1, 1);
  } catch {
    return 'the page underneath comes from another origin without CORS, so the browser does not let it into an image';
  }
  ctx.drawImage(probe, x, y, w, h);
  return null;
}
