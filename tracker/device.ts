// The device class at capture: a coarse primary pointer is a touch device, and its shorter
// screen side tells a phone (< 600 CSS px) from a tablet. Nothing finer, so nothing that
// narrows a visitor down.
import type { Device } from './types.js';

export function deviceClass(): Device {
  if (!matchMedia('(pointer: coarse)').matches) return 'desktop';
  return Math.min(screen.width, screen.height) < 600 ? 'mobile' : 'tablet';
}
