/** Longest alias chain followed; the config refuses longer ones and cycles, this bound only keeps a lookup finite. */
const MAX_HOPS = 16;

/**
 * Model aliases (`fast → gpt-4o-mini`): what a client may ask for in place of a model name. Chains resolve to the
 * last name; the reverse view lists every alias of a model (allowlists name either).
 */
export class AliasTable {
  private readonly forward: ReadonlyMap<string, string>;
  private readonly reverse: ReadonlyMap<string, readonly string[]>;

  constructor(aliases: Readonly<Record<string, string>> = {}) {
    const forward = new Map(Object.entries(aliases));
    this.forward = forward;
    const reverse = new Map<string, string[]>();
    for (const name of forward.keys()) {
      const target = this.resolve(name);
      reverse.set(target, [...(reverse.get(target) ?? []), name]);
    }
    this.reverse = reverse;
  }

  get size(): number {
    return this.forward.size;
  }

  /** The model an alias stands for (the name itself when it is none). */
  resolve(name: string): string {
    let current = name;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const next = this.forward.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Every alias that resolves to `model`. */
  aliasesOf(model: string): readonly string[] {
    return this.reverse.get(model) ?? [];
  }

  entries(): Array<[string, string]> {
    return [...this.forward.keys()].map((name) => [name, this.resolve(name)]);
  }
}
