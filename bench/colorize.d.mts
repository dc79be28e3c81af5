// Types for colorize.mjs, so the TypeScript bench page can import it.
export declare function viridisLut(): Int32Array;
export declare function colorize(values: ArrayLike<number>, max: number, image: ImageData, lut: Int32Array): ImageData;
