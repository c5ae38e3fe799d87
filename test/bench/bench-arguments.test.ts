// The benchmarks' command lines: --help answers with the usage and a mistyped option stops before
// any work, since a benchmark that ignored its arguments would wipe the database and overwrite
// its results file with a run nobody asked for.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { choiceListOption, integerOption, parseBenchArguments, scaleOption, wholeNumberListOption, type BenchCommand } from '../../bench/support.js';
import { runNodeScript } from '../support/processes.js';
import { HELD_OUT_ARCHETYPE_SEEDS } from '../../bench/archetype-sets.js';

const COMMAND: BenchCommand = {
  name: 'bench:example',
  summary: 'Measures an example.',
  options: {
    scale: { type: 'string', value: 'tiny|small', description: 'scenario size' },
    seed: { type: 'string', value: 'N', description: 'scenario seed' },
    'no-load': { type: 'boolean', description: 'skip the load' },
  },
};

describe('parseBenchArguments', () => {
  it.each([[['--help']], [['-h']], [['--scale', 'small', '--help']]])('answers %j with the usage naming every option', (argv) => {
    const parsed = parseBenchArguments(COMMAND, argv);
    expect(parsed.kind).toBe('help');
    const text = parsed.kind === 'help' ? parsed.text : '';
    expect(text).toMatch(/^Usage: npm run bench:example -- \[options\]/);
    for (const option of ['--scale tiny|small', '--seed N', '--no-load', '-h, --help']) expect(text).toContain(option);
  });

  it('returns the given options and leaves the others out', () => {
    expect(parseBenchArguments(COMMAND, ['--scale', 'tiny', '--no-load'])).toEqual({ kind: 'run', values: { scale: 'tiny', 'no-load': true } });
  });

  it.each([
    [['--scal', 'small'], /--scal/],
    [['small'], /small/],
    [['--seed'], /--seed/],
    [['--no-load=yes'], /--no-load/],
  ])('rejects %j naming what is wrong', (argv, reason) => {
    const parsed = parseBenchArguments(COMMAND, argv);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' ? parsed.message : '').toMatch(reason);
  });
});

describe('integerOption and scaleOption', () => {
  it.each([
    [{}, 7],
    [{ seed: '3' }, 3],
    [{ seed: '0' }, 0],
  ])('reads %j as %d', (values, expected) => {
    expect(integerOption(values, 'seed', 7, 0)).toBe(expected);
  });

  it.each([['abc'], ['-1'], ['1.5'], ['1e3'], [''], ['99999999999999999999']])('rejects the seed %j', (value) => {
    expect(() => integerOption({ seed: value }, 'seed', 1, 0)).toThrow(/--seed must be a whole number/);
  });

  it('rejects a count below its minimum', () => {
    expect(() => integerOption({ 'chunk-rows': '0' }, 'chunk-rows', 20_000)).toThrow(/at least 1/);
  });

  it('reads a scale by name and rejects an unknown one', () => {
    expect(scaleOption({}, 'small')).toBe('small');
    expect(scaleOption({})).toBeUndefined();
    expect(scaleOption({ scale: 'medium' }, 'small')).toBe('medium');
    expect(() => scaleOption({ scale: 'huge' }, 'small')).toThrow(/--scale must be one of tiny, small, medium, seed/);
  });

  it('reads a list of names, each one of the choices, and rejects any other', () => {
    const sets = ['own', 'tuning', 'held-out'] as const;
    expect(choiceListOption({}, 'set', sets)).toEqual(['own', 'tuning', 'held-out']);
    expect(choiceListOption({}, 'set', sets, ['own'])).toEqual(['own']);
    expect(choiceListOption({ set: 'held-out,own' }, 'set', sets)).toEqual(['held-out', 'own']);
    expect(() => choiceListOption({ set: 'own,heldout' }, 'set', sets)).toThrow('--set must name some of own, tuning, held-out (got "heldout")');
  });

  it('reads a list of whole numbers and rejects anything else', () => {
    expect(wholeNumberListOption({}, 'seeds', [1, 2, 3])).toEqual([1, 2, 3]);
    expect(wholeNumberListOption({ seeds: '7,42' }, 'seeds', [1])).toEqual([7, 42]);
    expect(() => wholeNumberListOption({ seeds: '7,-1' }, 'seeds', [1])).toThrow('--seeds must be whole numbers separated by commas (got "-1")');
  });
});

/** Runs a built benchmark script with the given arguments; no database is needed for these. */
function runBench(script: string, args: string[]) {
  // NEO4J_URI points at a closed port, so a script that went on past its arguments would fail
  // loudly instead of touching a real database.
  return runNodeScript(fileURLToPath(new URL(`../../dist/bench/${script}`, import.meta.url)), args, { NEO4J_URI: 'bolt://127.0.0.1:1' });
}

const SCRIPTS: Array<[string, string]> = [
  ['run-all.js', 'bench'],
  ['generate.bench.js', 'bench:generate'],
  ['ingest.bench.js', 'bench:ingest'],
  ['refresh.bench.js', 'bench:refresh'],
  ['engine-parity.bench.js', 'bench:parity'],
  ['quality.bench.js', 'bench:quality'],
  ['api.bench.js', 'bench:api'],
  ['analyst.bench.js', 'bench:analyst'],
  ['fingerprint.bench.js', 'bench:fingerprint'],
  ['replay-scoring.js', 'bench:replay'],
];

describe('the benchmark scripts', () => {
  it.each(SCRIPTS)('%s prints its usage on --help and exits 0', async (script, name) => {
    const { code, stdout } = await runBench(script, ['--help']);
    expect(stdout).toContain(`Usage: npm run ${name} -- [options]`);
    expect(code).toBe(0);
  });

  it.each([
    ['ingest.bench.js', 'bench:ingest', ['--seed', 'x'], '--seed must be a whole number'],
    ['ingest.bench.js', 'bench:ingest', ['--chunk-rows', '0'], '--chunk-rows must be a whole number of at least 1'],
    ['refresh.bench.js', 'bench:refresh', ['--scale', 'huge'], '--scale must be one of'],
    ['refresh.bench.js', 'bench:refresh', ['--engine', 'spark'], '--engine must be one of graphology, gds'],
    ['generate.bench.js', 'bench:generate', ['--scale', 'huge'], '--scale must be one of'],
    ['api.bench.js', 'bench:api', ['--scale', 'medium', '--seed', '1.5'], '--seed must be a whole number'],
    ['quality.bench.js', 'bench:quality', ['--variants', 'full,no-cards'], '--variants must name some of full, no-ip, no-payments'],
    ['quality.bench.js', 'bench:quality', ['--seeds', '1,two'], '--seeds must be whole numbers'],
    ['analyst.bench.js', 'bench:analyst', ['--repeats', '0'], '--repeats must be a whole number of at least 1'],
    ['replay-scoring.js', 'bench:replay', ['--batches', `archetypes:${HELD_OUT_ARCHETYPE_SEEDS[0]}`], `archetype seed ${HELD_OUT_ARCHETYPE_SEEDS[0]} is held out`],
    ['replay-scoring.js', 'bench:replay', ['--batches', 'tuning-1'], 'batch "tuning-1" is not own:<seed>'],
    ['replay-scoring.js', 'bench:replay', ['--scoring', '0.45'], '--scoring must be a JSON object'],
  ])('%s (%s) stops on the bad value %j with exit code 2, before any work', async (script, name, args, reason) => {
    const { code, stdout, stderr } = await runBench(script, args);
    expect(stderr).toContain(`${name}: ${reason}`);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it.each(SCRIPTS)('%s stops on an unknown option with exit code 2, before any work', async (script, name) => {
    const { code, stdout, stderr } = await runBench(script, ['--scael', 'small']);
    expect(stderr).toContain(`${name}: Unknown option '--scael'`);
    expect(stderr).toContain('(see --help)');
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});
