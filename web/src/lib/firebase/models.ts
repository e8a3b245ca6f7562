/**
 * The live model catalogue: core's models with an admin's edits
 * (`config/models`, readable by everyone) laid over them by core's
 * `catalogueFrom`. It feeds the model picker and the quote, so a model an
 * admin turns off leaves the form at once.
 */
import { baseCatalogue, catalogueFrom, paths, type Catalogue, type ModelsConfigDoc } from '@phoenix/core';
import { doc, onSnapshot } from 'firebase/firestore';
import { readable, type Readable } from 'svelte/store';
import { getFirebase } from './app.ts';

/**
 * Starts as core's catalogue, so the form is usable before the first
 * snapshot; a missing document (no admin edits) or a failed read keeps it.
 * The server prices with the live one and has the last word.
 */
export const catalogue: Readable<Catalogue> = readable<Catalogue>(baseCatalogue, (set) =>
  onSnapshot(
    doc(getFirebase().db, paths.models()),
    (snapshot) => set(catalogueFrom(snapshot.data() as Partial<ModelsConfigDoc> | undefined)),
    () => set(baseCatalogue),
  ),
);
