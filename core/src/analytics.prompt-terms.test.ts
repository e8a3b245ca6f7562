import { describe, expect, it } from 'vitest';
import { promptTerms, topTerms } from './analytics.ts';

describe('the terms of one prompt', () => {
  it('lowercases, drops stop words and keeps each term once, in order of first use', () => {
    expect(promptTerms('A Red Fox and a RED barn at dawn, red everywhere')).toEqual([
      'red',
      'fox',
      'barn',
      'dawn',
      'everywhere',
    ]);
  });

  it('drops short tokens and tokens without letters, but keeps words with digits', () => {
    expect(promptTerms('an ox in 16:9 at 1.5x zoom, 2024, 8k, 1920s jazz')).toEqual([
      '1.5x',
      'zoom',
      '1920s',
      'jazz',
    ]);
  });

  it('strips possessives and reads curly apostrophes as straight ones', () => {
    expect(promptTerms("the wizard’s tower, don’t stop, it’s the wizard's cat")).toEqual([
      'wizard',
      'tower',
      'stop',
      'cat',
    ]);
  });

  it('splits on Unicode word boundaries, keeping accents and CJK words', () => {
    expect(promptTerms('Café naïve Ｍｏｏｎ')).toEqual(['café', 'naïve', 'moon']);
    expect(promptTerms('一只猫在月球上')).toEqual(['一只', '月球上']);
  });

  it('has nothing to say about an empty or all-stop-word prompt', () => {
    expect(promptTerms('')).toEqual([]);
    expect(promptTerms('it is what it is, and then some')).toEqual([]);
  });
});

describe('the top terms over many prompts', () => {
  it('counts prompts, not repetitions, most used first, ties alphabetical', () => {
    const prompts = ['neon city neon rain', 'city at night', 'rain on glass', 'zebra', 'apple'];
    expect(topTerms(prompts)).toEqual([
      { term: 'city', count: 2 },
      { term: 'rain', count: 2 },
      { term: 'apple', count: 1 },
      { term: 'glass', count: 1 },
      { term: 'neon', count: 1 },
      { term: 'night', count: 1 },
      { term: 'zebra', count: 1 },
    ]);
  });

  it('keeps only the first `limit` terms', () => {
    expect(topTerms(['bb1 ccc ddd', 'ccc ddd', 'ddd'], 2)).toEqual([
      { term: 'ddd', count: 3 },
      { term: 'ccc', count: 2 },
    ]);
    expect(topTerms(['anything'], 0)).toEqual([]);
  });

  it('folds a plural into its singular only when the singular is used too, counting a prompt once', () => {
    const prompts = [
      'two cats',
      'a cat and cats',
      'a cat',
      'foxes',
      'a fox',
      'cities',
      'a city',
      'lens flare',
    ];
    expect(topTerms(prompts)).toEqual([
      { term: 'cat', count: 3 },
      { term: 'city', count: 2 },
      { term: 'fox', count: 2 },
      { term: 'flare', count: 1 },
      { term: 'lens', count: 1 },
      { term: 'two', count: 1 },
    ]);
  });

  it('does not fold words whose singular is another word, or words ending in ss', () => {
    const prompts = ['news', 'new moon', 'glass', 'glasses', 'boss', 'bos'];
    expect(topTerms(prompts).map((entry) => entry.term)).toEqual([
      'bos',
      'boss',
      'glass',
      'glasses',
      'moon',
      'new',
      'news',
    ]);
  });

  it('refuses a limit that is not a whole number ≥ 0', () => {
    expect(() => topTerms([], -1)).toThrow(RangeError);
    expect(() => topTerms([], 1.5)).toThrow(RangeError);
    expect(() => topTerms([], Number.NaN)).toThrow(RangeError);
  });
});
