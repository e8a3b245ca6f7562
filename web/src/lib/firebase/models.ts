/**
 * The live model catalogues: core's image and video models with an admin's
 * edits (`config/models`, readable by everyone) laid over them by core's
 * `catalogueFrom` and `videoCatalogueFrom`. They feed the model pickers and
 * the quotes, so a model an admin turns off leaves the forms at once.
 */
import {
  catalogueFrom,
  paths,
  videoCatalogueFrom,
  type Catalogue,
  type ModelsConfigDoc,
  type VideoCatalogue,
  type VideoModelsConfig,
} from '@phoenix/core';
import { doc, onSnapshot } from 'firebase/firestore';
import { derived, readable, type Readable } from 'svelte/store';
import { getFirebase } from './app.ts';

type ModelsConfig = Partial<ModelsConfigDoc> & VideoModelsConfig;

/**
 * The stored edits, one listener for both catalogues. Undefined before the
 * first snapshot, when there is no document (no admin edits) or when it
 * cannot be read: the catalogues are then core's, so the forms are usable at
 * once. The server prices with the live ones and has the last word.
 */
const modelsConfig: Readable<ModelsConfig | undefined> = readable<ModelsConfig | undefined>(
  undefined,
  (set) =>
    onSnapshot(
      doc(getFirebase().db, paths.models()),
      (snapshot) => set(snapshot.data() as ModelsConfig | undefined),
      () => set(undefined),
    ),
);

export const catalogue: Readable<Catalogue> = derived(modelsConfig, ($config) => catalogueFrom($config));

export const videoCatalogue: Readable<VideoCatalogue> = derived(modelsConfig, ($config) =>
  videoCatalogueFrom($config),
);
