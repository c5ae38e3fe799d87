import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gdsOnlyJars, newLocalPassword, placePluginJars } from '../../src/graph-store/local-neo4j.js';
import { temporaryDirectory } from '../support/batches.js';

describe('newLocalPassword', () => {
  it('never begins with a dash, even when the random bytes would make one', () => {
    // 0xf8 is 62 in the first six bits: the base64url "-".
    const dashFirst = (size: number) => Buffer.concat([Buffer.from([0xf8]), Buffer.alloc(size - 1, 7)]);
    expect(dashFirst(18).toString('base64url').startsWith('-')).toBe(true);
    expect(newLocalPassword(dashFirst).startsWith('-')).toBe(false);
  });

  it('is long, URL-safe and different every time', () => {
    const passwords = Array.from({ length: 200 }, () => newLocalPassword());
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{24}$/);
    expect(new Set(passwords).size).toBe(200);
  });
});

describe('the local server with Graph Data Science', () => {
  it("places only the jars GDS adds to Neo4j's own classpath", () => {
    const server = '/m2/neo4j-kernel.jar:/m2/netty.jar:/m2/commons-lang3.jar';
    const withGds = '/m2/neo4j-kernel.jar:/m2/netty.jar:/m2/commons-lang3.jar:/m2/gds-proc.jar:/m2/hppc.jar';
    expect(gdsOnlyJars(server, withGds)).toEqual(['/m2/gds-proc.jar', '/m2/hppc.jar']);
    expect(gdsOnlyJars(server, server)).toEqual([]);
  });

  it('puts the jars in plugins/ and takes exactly those out again on a start without GDS', () => {
    const home = temporaryDirectory('hydrascope-plugins-');
    const source = join(home, 'm2');
    mkdirSync(source);
    for (const name of ['gds-proc.jar', 'hppc.jar']) writeFileSync(join(source, name), name);
    mkdirSync(join(home, 'plugins'));
    writeFileSync(join(home, 'plugins', 'someone-elses.jar'), 'kept');
    placePluginJars(home, [join(source, 'gds-proc.jar'), join(source, 'hppc.jar')]);
    expect(
      readdirSync(join(home, 'plugins'))
        .filter((name) => name.endsWith('.jar'))
        .sort(),
    ).toEqual(['gds-proc.jar', 'hppc.jar', 'someone-elses.jar']);
    placePluginJars(home, []);
    expect(readdirSync(join(home, 'plugins')).sort()).toEqual(['someone-elses.jar']);
    expect(existsSync(join(home, 'plugins', 'hydrascope-placed-jars.txt'))).toBe(false);
  });
});
