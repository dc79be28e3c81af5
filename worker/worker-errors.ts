/**
 * Errors thrown in the worker keep their `code` on the way to the caller. comlink sends an
 * Error's message, name and stack; its receiving side copies every field it is sent back onto
 * a new Error, so adding `code` here is enough for `error.code === 'invalid-request'` to hold
 * in the page just as it does in Node.
 */
import { transferHandlers } from 'comlink';

export function keepErrorCodes(): void {
  const original = transferHandlers.get('throw');
  if (!original) return;
  transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize(thrown: unknown) {
      const [serialized, transferables] = original.serialize(thrown) as [{ isError: boolean; value: Record<string, unknown> }, Transferable[]];
      const error = (thrown as { value?: unknown }).value;
      if (serialized.isError && error && typeof error === 'object' && 'code' in error) {
        serialized.value.code = (error as { code: unknown }).code;
      }
      return [serialized, transferables];
    },
    deserialize: original.deserialize,
  });
}
