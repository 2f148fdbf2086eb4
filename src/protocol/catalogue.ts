/**
 * What the S3 and KMS operation catalogues share (ADR 0009): each merges its definitions from a
 * file per operation group, derives every operation's input and output from them, and answers
 * whether a name is one of its operations.
 */

/** Input and output of each definition in a table (its `run`), for typing the dispatcher. */
export type ShapesOf<T> = {
  [K in keyof T]: T[K] extends { readonly run: (input: infer I, ctx: never) => infer R }
    ? { input: I; output: Awaited<R> }
    : never
}

/** The name guard of a catalogue: true for the names it defines, never for inherited keys. */
export const namesIn =
  <T extends object>(catalogue: T) =>
  (name: string): name is Extract<keyof T, string> =>
    Object.hasOwn(catalogue, name)
