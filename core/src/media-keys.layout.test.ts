import { describe, expect, it } from 'vitest';
import { ledgerEntryIds, paths, postIdFor } from './firestore-paths.ts';
import { imageTaskId } from './image-task.ts';
import { immutableCacheControl, mediaKeys, publicMediaUrl } from './media-keys.ts';

describe('media keys and ids', () => {
  it('lays images out per owner, post and attempt', () => {
    expect(mediaKeys.image('u1', 'job1_0', 2)).toBe('images/u1/img_job1_0_a2.webp');
    expect(mediaKeys.thumbnail('u1', 'job1_0', 2)).toBe('images/u1/img_job1_0_a2_thumb.webp');
  });

  it('gives each attempt its own keys, so a late delivery cannot overwrite served media', () => {
    expect(mediaKeys.image('u1', 'job1_0', 1)).not.toBe(mediaKeys.image('u1', 'job1_0', 2));
    expect(mediaKeys.thumbnail('u1', 'job1_0', 1)).not.toBe(mediaKeys.thumbnail('u1', 'job1_0', 2));
  });

  it('joins the public base URL and the key with exactly one slash', () => {
    expect(publicMediaUrl('https://media.example/', 'images/a.webp')).toBe(
      'https://media.example/images/a.webp',
    );
    expect(publicMediaUrl('https://media.example', 'images/a.webp')).toBe(
      'https://media.example/images/a.webp',
    );
  });

  it('caches media for a year as immutable', () => {
    expect(immutableCacheControl).toBe('public, max-age=31536000, immutable');
  });

  it('derives post, ledger and task ids from the job, so a redelivery picks the same ones', () => {
    expect(postIdFor('abc', 2)).toBe('abc_2');
    expect(ledgerEntryIds.debit('abc')).toBe('debit_abc');
    expect(ledgerEntryIds.refund('abc')).toBe('refund_abc');
    expect(paths.ledgerEntry('u1', 'debit_abc')).toBe('accounts/u1/ledger/debit_abc');
    expect(imageTaskId('abc')).toBe('image-abc');
  });

  it('keeps task ids within the characters Cloud Tasks allows', () => {
    expect(imageTaskId('a.b/c d')).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
