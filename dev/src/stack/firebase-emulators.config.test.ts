import { describe, expect, it } from 'vitest';
import { firebaseConfigFor } from './firebase-emulators.ts';
import { portsFor } from './ports.ts';

describe('firebaseConfigFor', () => {
  const base = {
    firestore: { rules: 'firestore.rules' },
    functions: [{ source: 'functions/dist', codebase: 'default', predeploy: ['npm run build:deploy'] }],
    emulators: { singleProjectMode: true, auth: { host: '127.0.0.1', port: 1 } },
  };

  it('sets every firebase-tools port from the layout, with the UI off', () => {
    const ports = portsFor('test');
    const config = firebaseConfigFor(base, ports, '.phoenix');
    expect(config.emulators).toEqual({
      singleProjectMode: true,
      auth: { host: '127.0.0.1', port: ports.auth },
      functions: { host: '127.0.0.1', port: ports.functions },
      hub: { host: '127.0.0.1', port: ports.firebaseHub },
      logging: { host: '127.0.0.1', port: ports.firebaseLogging },
      eventarc: { host: '127.0.0.1', port: ports.firebaseEventarc },
      tasks: { host: '127.0.0.1', port: ports.firebaseTasks },
      ui: { enabled: false },
    });
  });

  it('runs the functions workspace, not the deploy bundle, from the config folder', () => {
    expect(firebaseConfigFor(base, portsFor('start'), '.phoenix').functions).toEqual([
      { source: '../functions', codebase: 'default' },
    ]);
  });

  it('keeps the rest of firebase.json as it is', () => {
    expect(firebaseConfigFor(base, portsFor('start'), '.phoenix').firestore).toEqual({
      rules: 'firestore.rules',
    });
  });
});
