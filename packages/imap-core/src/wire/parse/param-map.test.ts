import { describe, expect, it } from 'vitest';
import { NO_PARAMS, ParamMap } from './param-map.ts';

describe('ParamMap', () => {
  const params = new ParamMap(['charset', 'utf-8', 'format', 'flowed']);

  it('answers like a ReadonlyMap', () => {
    expect(params.size).toBe(2);
    expect(params.get('charset')).toBe('utf-8');
    expect(params.get('name')).toBeUndefined();
    expect(params.has('format')).toBe(true);
    expect(params.has('utf-8')).toBe(false);
    expect([...params]).toEqual([
      ['charset', 'utf-8'],
      ['format', 'flowed'],
    ]);
    expect([...params.keys()]).toEqual(['charset', 'format']);
    expect([...params.values()]).toEqual(['utf-8', 'flowed']);
    const seen: string[] = [];
    params.forEach((value, key, map) => {
      expect(map).toBe(params);
      seen.push(`${key}=${value}`);
    });
    expect(seen).toEqual(['charset=utf-8', 'format=flowed']);
  });

  it('converts to a Map and to JSON', () => {
    expect(new Map(params)).toEqual(
      new Map([
        ['charset', 'utf-8'],
        ['format', 'flowed'],
      ]),
    );
    expect(JSON.stringify({ params })).toBe('{"params":[["charset","utf-8"],["format","flowed"]]}');
    expect(Object.prototype.toString.call(params)).toBe('[object ParamMap]');
  });

  it('has a shared empty instance', () => {
    expect(NO_PARAMS.size).toBe(0);
    expect([...NO_PARAMS]).toEqual([]);
  });
});
