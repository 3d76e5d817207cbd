/** A PATCH body that does not apply: 400 when malformed, 422 when it cannot apply to the object. */
export class PatchError extends Error {
  constructor(message: string, readonly status: 400 | 422 = 422) {
    super(message);
  }
}
