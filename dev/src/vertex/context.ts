import type { FaultDecision } from './faults.ts';
import type { JsonObject } from './json-fields.ts';
import type { KnownModel } from './models.ts';
import type { ModelRoute } from './routes.ts';

/** How big and how smooth outputs are; kept small so tests stay fast. */
export interface RenderSettings {
  /** Long side of a 1K image, in pixels; 2K and 4K are 2 and 4 times it. Default 1024. */
  imageLongSidePx: number;
  /** Long side of generated videos, in pixels. Default 320. */
  videoLongSidePx: number;
  /** Frame rate of generated videos, in frames per second. Default 24, like Veo. */
  videoFps: number;
  /** ffmpeg executable. Default `'ffmpeg'` from PATH. */
  ffmpegPath: string;
}

export const DEFAULT_RENDER_SETTINGS: Readonly<RenderSettings> = Object.freeze({
  imageLongSidePx: 1024,
  videoLongSidePx: 320,
  videoFps: 24,
  ffmpegPath: 'ffmpeg',
});

/** One authenticated, parsed call to a model method, with its faults already decided. */
export interface ModelCall {
  route: ModelRoute;
  /** What the catalogue knows of the called model (sizes it makes). */
  model: KnownModel;
  body: JsonObject;
  fault: FaultDecision;
}
