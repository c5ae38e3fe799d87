// A batch of prompts as one string and their lengths: how the loader keeps a chunk's prompts
// and sends them to the sketch workers.

/**
 * Prompts as one string and their lengths, in order. A loader keeps a chunk's prompts this way
 * (each row's prompt a slice of the joined text) and sends them to a worker as two objects
 * instead of thousands of strings: copied once into the message, not by every young-generation
 * garbage collection while the chunk fills.
 */
export interface JoinedPrompts {
  text: string;
  lengths: Uint32Array;
}

export function joinPrompts(texts: readonly string[]): JoinedPrompts {
  const lengths = new Uint32Array(texts.length);
  for (let index = 0; index < texts.length; index += 1) lengths[index] = (texts[index] as string).length;
  return { text: texts.join(''), lengths };
}

/** The prompts of a JoinedPrompts, each a slice of the joined text. */
export function splitPrompts({ text, lengths }: JoinedPrompts): string[] {
  const texts = new Array<string>(lengths.length);
  let offset = 0;
  for (let index = 0; index < lengths.length; index += 1) {
    const end = offset + (lengths[index] as number);
    texts[index] = text.slice(offset, end);
    offset = end;
  }
  return texts;
}
