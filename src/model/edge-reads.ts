import { GATConv } from '../layers/gat-conv.ts';
import { GATv2Conv } from '../layers/gatv2-conv.ts';
import { GCNConv } from '../layers/gcn-conv.ts';
import { GINEConv } from '../layers/gine-conv.ts';
import { HeteroConv } from '../layers/hetero-conv.ts';
import type { Conv, Layer } from '../layers/layer.ts';
import { HomoConv } from '../layers/node-layers.ts';
import { HOMO_REL } from '../tensor/batch.ts';

/** The edge data a model reads on one relation: `edge_attr` columns (-1: some width, the layer checks which), and `edge_weight`. */
export interface EdgeReads {
  readonly attr: number;
  readonly weight: boolean;
}

/**
 * Per relation, the edge data the model's convs read. A store that lacks it must not serve the
 * model: GATConv without `edge_attr` runs without its edge term (as PyG does when it is None)
 * and returns other scores, silently.
 */
export function edgeReads(layers: readonly Layer[]): Map<string, EdgeReads> {
  const out = new Map<string, EdgeReads>();
  const note = (rel: string, c: Conv): void => {
    const attr =
      c instanceof GATConv || c instanceof GATv2Conv
        ? (c.o.edgeDim ?? 0)
        : c instanceof GINEConv
          ? (c.lin?.w.cols ?? -1)
          : 0;
    const weight = c instanceof GCNConv && c.useEdgeWeight === true;
    if (attr === 0 && !weight) return;
    const was = out.get(rel);
    out.set(rel, { attr: attr > 0 || !was ? attr : was.attr, weight: weight || (was?.weight ?? false) });
  };
  for (const l of layers) {
    if (l instanceof HomoConv) note(HOMO_REL, l.conv);
    else if (l instanceof HeteroConv) for (const [rel, c] of l.convs) note(rel, c);
  }
  return out;
}
