/** The one error the PNG decoder throws: its message says what is wrong with the file. */
export class PngError extends Error {
  override name = 'PngError';
}
