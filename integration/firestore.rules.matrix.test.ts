import {
  STARTING_GRANT_TOKENS,
  alertId,
  collections,
  defaultLimits,
  emptyShard,
  ledgerEntryIds,
  paths,
  publicLimits,
  type LikeDoc,
  type ReportDoc,
} from '@phoenix/core';
import {
  assertFails,
  assertSucceeds,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
  type DocumentData,
  type Query,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { jobDoc, postDoc, profileDoc, rulesTestEnvironment } from './support/rules-environment.ts';
import { uniquePrefix } from './support/stack.ts';

// This table is the reference for who may do what in Firestore from a browser (README points
// here). One row per document that firestore.rules names, plus paths it does not; per
// operation, the roles the rules let through. Every role left out must be refused. The servers'
// Admin SDK bypasses the rules, which is why no client write is allowed anywhere: writes go
// through the callables and the Cloud Run services. A list runs the query a client really
// sends; refused query shapes, single fields and other claims are in firestore.rules.test.ts.

const roles = ['anonymous', 'owner', 'other', 'admin'] as const;
const operations = ['get', 'list', 'create', 'update', 'delete'] as const;
type Role = (typeof roles)[number];
type Roles = readonly Role[];
type Operation = (typeof operations)[number];
type ClientDb = ReturnType<RulesTestContext['firestore']>;

const everyone: Roles = roles;
const signedIn: Roles = ['owner', 'other', 'admin'];
const ownerOrAdmin: Roles = ['owner', 'admin'];
const ownerOnly: Roles = ['owner'];
const adminOnly: Roles = ['admin'];
const nobody: Roles = [];

/** The owner owns every seeded document; the newcomer owns every created one, so none exists yet. */
const uids = {
  owner: uniquePrefix('owner'),
  newcomer: uniquePrefix('newcomer'),
  other: uniquePrefix('other'),
  admin: uniquePrefix('admin'),
};
const now = Timestamp.now();
const period = '2031-01';
const othersPost = uniquePrefix('post');
const unnamed = uniquePrefix('unnamed');
const usernameOf = (uid: string) => uid.replace('-', '_');

const account = { balance: STARTING_GRANT_TOKENS, createdAt: now, updatedAt: now };
const grantLine = { kind: 'grant', tokens: STARTING_GRANT_TOKENS, balanceAfter: STARTING_GRANT_TOKENS };
const ledgerEntry = { ...grantLine, jobId: null, reason: { code: 'starting_grant' }, createdAt: now };
const report: ReportDoc<Timestamp> = { reason: 'spam', text: null, createdAt: now };
const like = (uid: string): LikeDoc<Timestamp> => ({ uid, postId: othersPost, createdAt: now });
const lowCredits = { kind: 'low_credits', data: { balance: 3, threshold: 5 }, updatedAt: now };
const board = { kind: 'image', queuedCreatedAtMs: [0], queued: 1, startedInWindow: 0, updatedAtMs: 0 };
const delivery = { state: 'none', attempts: 0, lastError: null };
const alert = { period, threshold: 0.8, usedMicroUsd: 8, capMicroUsd: 10, at: now, delivery };
const scaling = { service: 'image', from: 2, to: 0, cause: 'budget_exhausted', by: null, period, at: now };
const rollup = { window: 'today', from: now, to: now, terms: [], postsScanned: 0, computedAt: now };
const budget = { period, level: 'ok' } as const;

type Written = { path: string; data: DocumentData };

interface Exercise {
  /** Documents nobody owns (queue boards, config, spend, ...) have no owner column. */
  ownerless?: true;
  /** The owner's document: get, update and delete aim at it. */
  seeded: Written;
  /**
   * The newcomer's, not there yet: create aims at it. A fixed document
   * (config/*) has no other id, so its create is a set over the seeded one.
   */
  created: Written;
  /** What an update tries: the edit a client would most want to make. */
  change: DocumentData;
  /** The query a client sends, or the bare collection when no client lists it. */
  list: [shape: string, query: (db: ClientDb) => Query];
}

interface Row extends Exercise {
  path: string;
  allowed: Record<Operation, Roles>;
}

function row(path: string, get: Roles, list: Roles, create: Roles, update: Roles, del: Roles, how: Exercise) {
  return { path, allowed: { get, list, create, update, delete: del }, ...how } satisfies Row;
}
const at = (path: string, data: DocumentData): Written => ({ path, data });
const whole = (path: string): Exercise['list'] => ['the whole collection', (db) => collection(db, path)];
const newest = (field: string) => [orderBy(field, 'desc'), limit(20)] as const;

// "other" is a signed-in user who owns nothing here but the post the reports and likes are under.
// prettier-ignore
const table: Row[] = [
  //  document                                  get           list          create  update  delete
  row('posts/{postId} [public]',                everyone,     everyone,     nobody, nobody, nobody, {
    seeded: at(paths.post(uniquePrefix('post')), postDoc(uids.owner, false)),
    created: at(paths.post(uniquePrefix('post')), postDoc(uids.newcomer, false)),
    change: { likeCount: 1000 },
    list: ['the feed: hidden == false, newest first', (db) =>
      query(collection(db, collections.posts), where('hidden', '==', false), ...newest('createdAt'))] }),
  row('posts/{postId} [hidden]',                ownerOrAdmin, adminOnly,    nobody, nobody, nobody, {
    seeded: at(paths.post(uniquePrefix('post')), postDoc(uids.owner, true)),
    created: at(paths.post(uniquePrefix('post')), postDoc(uids.newcomer, true)),
    change: { hidden: false, hiddenReason: null },
    list: ['the moderation queue: hidden == true, newest first', (db) =>
      query(collection(db, collections.posts), where('hidden', '==', true), ...newest('createdAt'))] }),
  row('posts/{postId}/reports/{reporterUid}',   adminOnly,    adminOnly,    nobody, nobody, nobody, {
    seeded: at(paths.report(othersPost, uids.owner), report),
    created: at(paths.report(othersPost, uids.newcomer), report),
    change: { reason: 'other' },
    list: whole(`${paths.post(othersPost)}/${collections.reports}`) }),
  row('posts/{postId}/likes/{uid}',             everyone,     everyone,     nobody, nobody, nobody, {
    seeded: at(paths.like(othersPost, uids.owner), like(uids.owner)),
    created: at(paths.like(othersPost, uids.newcomer), like(uids.newcomer)),
    change: { createdAt: Timestamp.fromMillis(0) },
    list: whole(`${paths.post(othersPost)}/${collections.likes}`) }),
  row('jobs/{jobId}',                           ownerOrAdmin, ownerOrAdmin, nobody, nobody, nobody, {
    seeded: at(paths.job(uniquePrefix('job')), jobDoc(uids.owner)),
    created: at(paths.job(uniquePrefix('job')), jobDoc(uids.newcomer)),
    change: { status: 'canceled' },
    list: ["my jobs: uid == owner, kind == 'image', newest first", (db) =>
      query(collection(db, collections.jobs), where('uid', '==', uids.owner), where('kind', '==', 'image'),
        ...newest('createdAt'))] }),
  row('queueBoards/{kind}',                     signedIn,     signedIn,     nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.queueBoard(uniquePrefix('kind')), board),
    created: at(paths.queueBoard(uniquePrefix('kind')), board),
    change: { queuedCreatedAtMs: [] },
    list: whole(collections.queueBoards) }),
  row('accounts/{uid}',                         ownerOrAdmin, adminOnly,    nobody, nobody, nobody, {
    seeded: at(paths.account(uids.owner), account),
    created: at(paths.account(uids.newcomer), account),
    change: { balance: 1_000_000 },
    list: whole(collections.accounts) }),
  row('accounts/{uid}/ledger/{entryId}',        ownerOrAdmin, ownerOrAdmin, nobody, nobody, nobody, {
    seeded: at(paths.ledgerEntry(uids.owner, ledgerEntryIds.startingGrant), ledgerEntry),
    created: at(paths.ledgerEntry(uids.newcomer, ledgerEntryIds.startingGrant), ledgerEntry),
    change: { tokens: 1_000_000 },
    list: ['the owner’s ledger, newest first', (db) =>
      query(collection(db, paths.ledger(uids.owner)), ...newest('createdAt'))] }),
  row('profiles/{uid}',                         everyone,     everyone,     nobody, nobody, nobody, {
    seeded: at(paths.profile(uids.owner), profileDoc(uids.owner)),
    created: at(paths.profile(uids.newcomer), profileDoc(uids.newcomer)),
    change: { bio: 'edited directly' },
    list: whole(collections.profiles) }),
  row('usernames/{name}',                       everyone,     everyone,     nobody, nobody, nobody, {
    seeded: at(paths.username(usernameOf(uids.owner)), { uid: uids.owner }),
    created: at(paths.username(usernameOf(uids.newcomer)), { uid: uids.newcomer }),
    change: { uid: uids.other },
    list: whole(collections.usernames) }),
  row('config/models',                          everyone,     nobody,       nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.models(), { overrides: {}, defaultModelId: null }),
    created: at(paths.models(), { overrides: {}, defaultModelId: null }),
    change: { overrides: { 'gemini-3.1-flash-image': { enabled: false } } },
    list: whole(collections.config) }),
  row('config/public',                          everyone,     nobody,       nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.publicLimits(), publicLimits(defaultLimits, budget)),
    created: at(paths.publicLimits(), publicLimits({ ...defaultLimits, rateLimitPerHour: 1000 }, budget)),
    change: { rateLimitPerHour: 1000 },
    list: whole(collections.config) }),
  // The defaults: other test files' accepts read this document while this one runs.
  row('config/limits',                          adminOnly,    nobody,       nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.limits(), defaultLimits),
    created: at(paths.limits(), { ...defaultLimits, monthlyUsdCap: 1e9 }),
    change: { monthlyUsdCap: 1e9 },
    list: whole(collections.config) }),
  row('spend/{period}',                         adminOnly,    adminOnly,    nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.spendPeriod(period), { level: 'ok', scaledDown: null }),
    created: at(paths.spendPeriod('2031-02'), { level: 'ok', scaledDown: null }),
    change: { level: 'exhausted' },
    list: whole(collections.spend) }),
  row('spend/{period}/shards/{index}',          adminOnly,    adminOnly,    nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.spendShard(period, 0), emptyShard()),
    created: at(paths.spendShard(period, 1), emptyShard()),
    change: { reservedMicroUsd: 0 },
    list: whole(paths.spendShards(period)) }),
  row('spend/{period}/alerts/{id}',             adminOnly,    adminOnly,    nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(paths.spendAlert(period, alertId(0.8)), alert),
    created: at(paths.spendAlert(period, alertId(0.9)), { ...alert, threshold: 0.9 }),
    change: { delivery: { ...delivery, state: 'sent', attempts: 1 } },
    list: whole(paths.spendAlerts(period)) }),
  row('scalingEvents/{eventId}',                adminOnly,    adminOnly,    nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(`${paths.scalingEvents()}/${uniquePrefix('event')}`, scaling),
    created: at(`${paths.scalingEvents()}/${uniquePrefix('event')}`, { ...scaling, cause: 'admin' }),
    change: { to: 10 },
    list: ['the history, newest first', (db) =>
      query(collection(db, paths.scalingEvents()), ...newest('at'))] }),
  row('analytics/{docId}',                      adminOnly,    adminOnly,    nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(`analytics/${uniquePrefix('rollup')}`, rollup),
    created: at(`analytics/${uniquePrefix('rollup')}`, rollup),
    change: { terms: [{ term: 'spam', count: 1_000_000 }] },
    list: whole('analytics') }),
  row('ops/{docId}',                            adminOnly,    adminOnly,    nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(`${collections.ops}/${uniquePrefix('ops')}`, { jobsScanned: 0 }),
    created: at(`${collections.ops}/${uniquePrefix('ops')}`, { jobsScanned: 0 }),
    change: { jobsScanned: 1 },
    list: whole(collections.ops) }),
  row('notifications/{uid}',                    ownerOnly,    nobody,       nobody, nobody, nobody, {
    seeded: at(paths.notificationState(uids.owner), { readUpTo: now }),
    created: at(paths.notificationState(uids.newcomer), { readUpTo: now }),
    change: { readUpTo: Timestamp.now() },
    list: whole(collections.notifications) }),
  row('notifications/{uid}/items/{itemId}',     ownerOnly,    ownerOnly,    nobody, nobody, nobody, {
    seeded: at(paths.notification(uids.owner, 'low_credits_job'), lowCredits),
    created: at(paths.notification(uids.newcomer, 'low_credits_job'), lowCredits),
    change: { data: { balance: 0, threshold: 5 } },
    list: ['the bell: newest first', (db) =>
      query(collection(db, paths.notifications(uids.owner)), ...newest('updatedAt'))] }),
  // Paths no rule names: the servers' only.
  row('grants/{emailHash} [no rule]',           nobody,       nobody,       nobody, nobody, nobody, {
    seeded: at(paths.grant(uniquePrefix('hash')), { uid: uids.owner, grantedAt: now }),
    created: at(paths.grant(uniquePrefix('hash')), { uid: uids.newcomer, grantedAt: now }),
    change: { uid: uids.other },
    list: whole(collections.grants) }),
  row('any other collection [no rule]',         nobody,       nobody,       nobody, nobody, nobody, {
    ownerless: true,
    seeded: at(`${unnamed}/seeded`, { by: 'server' }),
    created: at(`${unnamed}/${uniquePrefix('doc')}`, { by: 'client' }),
    change: { by: 'client' },
    list: whole(unnamed) }),
];

describe('firestore.rules: who may do what', () => {
  let env: RulesTestEnvironment;
  let clients: Record<Role | 'newcomer', ClientDb>;

  beforeAll(async () => {
    env = await rulesTestEnvironment();
    clients = {
      anonymous: env.unauthenticatedContext().firestore(),
      owner: env.authenticatedContext(uids.owner).firestore(),
      newcomer: env.authenticatedContext(uids.newcomer).firestore(),
      other: env.authenticatedContext(uids.other).firestore(),
      admin: env.authenticatedContext(uids.admin, { admin: true }).firestore(),
    };
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, paths.post(othersPost)), postDoc(uids.other, false));
      for (const { seeded } of table) await setDoc(doc(db, seeded.path), seeded.data);
    });
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  function send(entry: Row, operation: Operation, role: Role): Promise<unknown> {
    // A created document is the newcomer's, so the owner column creates as them.
    const db = clients[operation === 'create' && role === 'owner' ? 'newcomer' : role];
    if (operation === 'get') return getDoc(doc(db, entry.seeded.path));
    if (operation === 'list') return getDocs(entry.list[1](db));
    if (operation === 'create') return setDoc(doc(db, entry.created.path), entry.created.data);
    if (operation === 'update') return updateDoc(doc(db, entry.seeded.path), entry.change);
    return deleteDoc(doc(db, entry.seeded.path));
  }

  describe.each(table)('$path', (entry) => {
    const columns = roles.filter((role) => role !== 'owner' || !entry.ownerless);
    for (const operation of operations) {
      const what = operation === 'list' ? `list (${entry.list[0]})` : operation;
      for (const role of columns) {
        const allowed = entry.allowed[operation].includes(role);
        it(`${what} by ${role}: ${allowed ? 'allowed' : 'refused'}`, async () => {
          const sent = send(entry, operation, role);
          await (allowed ? assertSucceeds(sent) : assertFails(sent));
        });
      }
    }
  });
});
