/** A small Dockerfile reader for the deploy tests: instructions grouped by stage, line continuations joined. */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name: string | null;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Map<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: Instruction[] = [];
  let buffer = '';
  let start = 0;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!buffer && (/^\s*#/.test(line) || line.trim() === '')) return;
    if (buffer && /^\s*#/.test(line)) return; // comments inside a continued instruction
    if (!buffer) start = i + 1;
    if (/\\\s*$/.test(line)) {
      buffer += `${line.replace(/\\\s*$/, '')} `;
      return;
    }
    buffer += line;
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(buffer);
    if (!match) throw new Error(`Dockerfile line ${start}: cannot parse "${buffer}"`);
    logical.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: start });
    buffer = '';
  });
  if (buffer) throw new Error('Dockerfile ends inside a line continuation');

  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of logical) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile line ${ins.line}: bad FROM`);
      stages.push({ from: m[1], name: m[2] ?? null, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before FROM`);
      const [key, value = ''] = ins.args.split('=');
      args.set(key.trim(), value.trim());
      continue;
    }
    stages[stages.length - 1].instructions.push(ins);
  }
  return { args, stages };
}

/** `${NAME}` / `$NAME` expanded with the global ARG defaults. */
export function expandArgs(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => args.get((a ?? b)!) ?? '');
}

export function stageNamed(file: Dockerfile, name: string): Stage {
  const stage = file.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
}

/** Instructions of one kind in a stage. */
export function all(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** The last instruction of a kind (the one that takes effect for CMD, USER, HEALTHCHECK, ...). */
export function last(stage: Stage, keyword: string): Instruction | undefined {
  return all(stage, keyword).at(-1);
}

/** Exec-form arguments (a JSON array), or null when the instruction uses the shell form. */
export function execForm(args: string): string[] | null {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[')) return null;
  const parsed: unknown = JSON.parse(trimmed);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed as string[];
}

/** The stage chain of a stage: itself, then the stage it is FROM, and so on (stages named in this file only). */
export function ancestry(file: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let current = stage;
  for (let i = 0; i < file.stages.length; i++) {
    const parent = file.stages.find((s) => s.name === current.from);
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** The image at the root of a stage chain, with global ARG defaults expanded. */
export function rootImage(file: Dockerfile, stage: Stage): string {
  return expandArgs(ancestry(file, stage).at(-1)!.from, file.args);
}
