// Where a scroll map's depth markers go in the PNG export: the same place on the map as on
// screen, worked out from the page px the element lists and the extent it covers.
import { describe, expect, it } from 'vitest';
import { extentRows, markerRows } from '../../dashboard/export-markers.js';

describe('scroll markers in the export', () => {
  it('reads the rows a map covers from its extent', () => {
    expect(extentRows('0,0,1280,2601')).toEqual([0, 2601]);
    expect(extentRows('0, 400, 1280, 2400')).toEqual([400, 2400]);
    expect(extentRows('1280,2601')).toEqual([0, 2601]);
    expect(extentRows([0, 0, 1280, 2000])).toEqual([0, 2000]);
    expect(extentRows('')).toBeNull();
    expect(extentRows('0,0,1280,0')).toBeNull();
  });

  it('places each marker at its depth scaled to the map’s height, and leaves out markers off the map', () => {
    const markers = [
      { kind: 'reach-75', depth: 1300, label: '75% reach here' },
      { kind: 'fold', depth: 800, label: 'average fold (800 px)' },
      { kind: 'reach-25', depth: 2700, label: '25% reach here' },
    ];
    // A 2600 px page drawn 650 px tall: a quarter of the size.
    expect(markerRows(markers, [0, 2600], 650)).toEqual([
      { ...markers[0], y: 325 },
      { ...markers[1], y: 200 },
    ]);
    // The map starts 400 px down the page.
    expect(markerRows(markers, [400, 2400], 1000).map((m) => m.y)).toEqual([450, 200]);
  });
});
