import type { Schema } from '../base/schema.ts';
import { BatchWriter } from './batch-record.ts';
import { validateBatch } from './validate.ts';

/**
 * For a producer that feeds DurableStore.ingestEncoded from another thread (or process): turns
 * a batch of events into its encoded bytes, validated as ingest validates them (a bad batch
 * throws, naming the event, field and value). Each call returns bytes of its own, ready to be
 * posted (moved) to the store's thread.
 */
export class EventEncoder {
  private readonly encoder: BatchWriter;

  constructor(readonly schema: Schema) {
    this.encoder = new BatchWriter(schema);
  }

  encode(batch: unknown): Uint8Array {
    validateBatch(this.schema, batch);
    return this.encoder.encode(batch).slice();
  }
}
