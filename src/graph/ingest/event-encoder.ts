import type { Schema } from '../base/schema.ts';
import { BatchWriter } from './batch-writer.ts';
import { DEFAULT_LIMITS, boundsAt, type IngestLimits } from './limits.ts';

/**
 * For a producer that feeds DurableStore.ingestEncoded from another thread (or process): turns
 * a batch of events into its encoded bytes, checked as ingest checks them (a bad batch throws,
 * naming the event, field and value). Each call returns bytes of its own, ready to be posted
 * (moved) to the store's thread, which checks them again, byte by byte, under its own limits.
 */
export class EventEncoder {
  private readonly encoder: BatchWriter;

  constructor(
    readonly schema: Schema,
    private readonly limits: IngestLimits = DEFAULT_LIMITS,
  ) {
    this.encoder = new BatchWriter(schema);
  }

  encode(batch: unknown): Uint8Array {
    return this.encoder.encode(batch, boundsAt(this.limits, Date.now())).slice();
  }
}
