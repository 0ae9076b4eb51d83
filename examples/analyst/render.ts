// The neighbourhood drawn with a WebGPU render pipeline: edges as lines coloured by relation (their
// alpha by their share of the explanation), nodes as instanced discs coloured by type or by risk.
// View: a gl-matrix orthographic projection times the pan/zoom transform. On a GPU the pipeline
// draws into the canvas's own WebGPU texture. On a software adapter (SwiftShader) it draws into an
// offscreen texture that is read back into a 2D canvas: there, taking the canvas's WebGPU texture
// loses the device (headless Chromium 14x, SwiftShader: "A valid external Instance reference no
// longer exists"), and the device is the one that scores.
import { mat4 } from 'gl-matrix';

export interface Scene {
  /** Per node: x, y (world), radius (world), r, g, b, a. */
  readonly nodes: Float32Array;
  /** Per edge end: x, y, r, g, b, a (two ends per edge). */
  readonly edges: Float32Array;
}

export interface View {
  /** World point at the canvas centre, and world units per CSS pixel. */
  cx: number;
  cy: number;
  scale: number;
}

export interface Renderer {
  readonly kind: 'webgpu' | 'webgpu-offscreen' | 'canvas2d';
  draw(scene: Scene, view: View): void;
}

const NODE_FLOATS = 7;
const EDGE_FLOATS = 6;

const SHADER = /* wgsl */ `
struct U { m: mat4x4f }
@group(0) @binding(0) var<uniform> u: U;

struct EdgeOut { @builtin(position) p: vec4f, @location(0) c: vec4f }
@vertex fn edgeVs(@location(0) xy: vec2f, @location(1) c: vec4f) -> EdgeOut {
  return EdgeOut(u.m * vec4f(xy, 0.0, 1.0), c);
}
@fragment fn edgeFs(i: EdgeOut) -> @location(0) vec4f { return vec4f(i.c.rgb * i.c.a, i.c.a); }

struct NodeOut { @builtin(position) p: vec4f, @location(0) c: vec4f, @location(1) q: vec2f }
@vertex fn nodeVs(@builtin(vertex_index) v: u32, @location(0) xy: vec2f, @location(1) r: f32, @location(2) c: vec4f) -> NodeOut {
  var corners = array<vec2f, 6>(vec2f(-1, -1), vec2f(1, -1), vec2f(-1, 1), vec2f(-1, 1), vec2f(1, -1), vec2f(1, 1));
  let q = corners[v];
  return NodeOut(u.m * vec4f(xy + q * r, 0.0, 1.0), c, q);
}
@fragment fn nodeFs(i: NodeOut) -> @location(0) vec4f {
  let d = length(i.q);
  if (d > 1.0) { discard; }
  let rim = select(1.0, 0.55, d > 0.8);
  return vec4f(i.c.rgb * rim * i.c.a, i.c.a);
}
`;

/** Orthographic world → clip for a canvas of w × h CSS pixels under `view`. */
function viewMatrix(view: View, w: number, h: number): Float32Array {
  const hw = (w / 2) * view.scale;
  const hh = (h / 2) * view.scale;
  const m = mat4.create();
  mat4.ortho(m, view.cx - hw, view.cx + hw, view.cy - hh, view.cy + hh, -1, 1);
  return m as Float32Array;
}

export function webgpuRenderer(canvas: HTMLCanvasElement, device: GPUDevice, present: boolean): Renderer {
  const target = present ? canvasTarget(canvas, device) : offscreenTarget(canvas, device);
  const { format } = target;
  const module = device.createShaderModule({ label: 'analyst graph', code: SHADER });
  const blend: GPUBlendState = {
    color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
    alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
  };
  const layout = device.createBindGroupLayout({
    entries: [{ binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: 'uniform' } }],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const edgePipeline = device.createRenderPipeline({
    layout: pipelineLayout,
    vertex: {
      module,
      entryPoint: 'edgeVs',
      buffers: [
        {
          arrayStride: EDGE_FLOATS * 4,
          attributes: [
            { shaderLocation: 0, offset: 0, format: 'float32x2' },
            { shaderLocation: 1, offset: 8, format: 'float32x4' },
          ],
        },
      ],
    },
    fragment: { module, entryPoint: 'edgeFs', targets: [{ format, blend }] },
    primitive: { topology: 'line-list' },
  });
  const nodePipeline = device.createRenderPipeline({
    layout: pipelineLayout,
    vertex: {
      module,
      entryPoint: 'nodeVs',
      buffers: [
        {
          arrayStride: NODE_FLOATS * 4,
          stepMode: 'instance',
          attributes: [
            { shaderLocation: 0, offset: 0, format: 'float32x2' },
            { shaderLocation: 1, offset: 8, format: 'float32' },
            { shaderLocation: 2, offset: 12, format: 'float32x4' },
          ],
        },
      ],
    },
    fragment: { module, entryPoint: 'nodeFs', targets: [{ format, blend }] },
    primitive: { topology: 'triangle-list' },
  });
  const uniform = device.createBuffer({ size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const bind = device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: uniform } }] });
  let edgeBuf: GPUBuffer | undefined;
  let nodeBuf: GPUBuffer | undefined;
  let uploaded: Scene | undefined;
  const upload = (data: Float32Array, old: GPUBuffer | undefined) => {
    old?.destroy();
    const b = device.createBuffer({
      size: Math.max(16, data.byteLength),
      usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    return b;
  };
  let pending = false;
  let again: (() => void) | undefined;
  return {
    kind: present ? 'webgpu' : 'webgpu-offscreen',
    draw(scene, view) {
      // One frame at a time: a draw asked for while one is read back is drawn after it, once.
      if (pending) {
        again = () => this.draw(scene, view);
        return;
      }
      const w = Math.max(1, canvas.clientWidth);
      const h = Math.max(1, canvas.clientHeight);
      const width = Math.round(w * devicePixelRatio);
      const height = Math.round(h * devicePixelRatio);
      if (uploaded !== scene) {
        edgeBuf = upload(scene.edges, edgeBuf);
        nodeBuf = upload(scene.nodes, nodeBuf);
        uploaded = scene;
      }
      const m = viewMatrix(view, w, h);
      device.queue.writeBuffer(uniform, 0, m.buffer, m.byteOffset, m.byteLength);
      const enc = device.createCommandEncoder({ label: 'analyst graph' });
      const pass = enc.beginRenderPass({
        colorAttachments: [
          {
            view: target.view(width, height),
            loadOp: 'clear',
            clearValue: { r: 1, g: 1, b: 1, a: 1 },
            storeOp: 'store',
          },
        ],
      });
      pass.setBindGroup(0, bind);
      pass.setPipeline(edgePipeline);
      pass.setVertexBuffer(0, edgeBuf!);
      pass.draw(scene.edges.length / EDGE_FLOATS);
      pass.setPipeline(nodePipeline);
      pass.setVertexBuffer(0, nodeBuf!);
      pass.draw(6, scene.nodes.length / NODE_FLOATS);
      pass.end();
      const show = target.finish(enc, width, height);
      device.queue.submit([enc.finish()]);
      if (!show) return;
      pending = true;
      void show().finally(() => {
        pending = false;
        const next = again;
        again = undefined;
        next?.();
      });
    },
  };
}

interface Target {
  readonly format: GPUTextureFormat;
  /** The texture view to draw a width × height frame into. */
  view(width: number, height: number): GPUTextureView;
  /** Adds what shows the frame to `enc`; where showing it needs a readback, what to call once `enc` is submitted. */
  finish(enc: GPUCommandEncoder, width: number, height: number): (() => Promise<void>) | undefined;
}

function canvasTarget(canvas: HTMLCanvasElement, device: GPUDevice): Target {
  const context = canvas.getContext('webgpu');
  if (!context) throw new Error('this canvas gives no WebGPU context');
  const format = navigator.gpu.getPreferredCanvasFormat();
  context.configure({ device, format, alphaMode: 'premultiplied' });
  return {
    format,
    view(width, height) {
      if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
      return context.getCurrentTexture().createView();
    },
    finish: () => undefined,
  };
}

/** Draws into a texture of its own, copies it to a buffer, maps it and puts the pixels on a 2D canvas. */
function offscreenTarget(canvas: HTMLCanvasElement, device: GPUDevice): Target {
  const g = canvas.getContext('2d');
  if (!g) throw new Error('this canvas gives no 2D context');
  let texture: GPUTexture | undefined;
  let readback: GPUBuffer | undefined;
  const rowBytes = (width: number) => Math.ceil((width * 4) / 256) * 256;
  return {
    format: 'rgba8unorm',
    view(width, height) {
      if (!texture || texture.width !== width || texture.height !== height) {
        texture?.destroy();
        readback?.destroy();
        texture = device.createTexture({
          size: [width, height],
          format: 'rgba8unorm',
          usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
        });
        readback = device.createBuffer({
          size: rowBytes(width) * height,
          usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
        });
      }
      return texture.createView();
    },
    finish(enc, width, height) {
      const buf = readback!;
      enc.copyTextureToBuffer({ texture: texture! }, { buffer: buf, bytesPerRow: rowBytes(width) }, [width, height]);
      return async () => {
        await buf.mapAsync(GPUMapMode.READ);
        const src = new Uint8Array(buf.getMappedRange());
        const image = new ImageData(width, height);
        for (let y = 0; y < height; y++)
          image.data.set(src.subarray(y * rowBytes(width), y * rowBytes(width) + width * 4), y * width * 4);
        buf.unmap();
        if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
        g.putImageData(image, 0, 0);
      };
    },
  };
}

/** Without WebGPU: the same scene on a 2D canvas. */
export function canvasRenderer(canvas: HTMLCanvasElement): Renderer {
  const g = canvas.getContext('2d')!;
  const css = (a: Float32Array, i: number) =>
    `rgba(${Math.round(a[i] * 255)},${Math.round(a[i + 1] * 255)},${Math.round(a[i + 2] * 255)},${a[i + 3]})`;
  return {
    kind: 'canvas2d',
    draw(scene, view) {
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      canvas.width = w;
      canvas.height = h;
      const px = (x: number) => (x - view.cx) / view.scale + w / 2;
      const py = (y: number) => h / 2 - (y - view.cy) / view.scale;
      g.clearRect(0, 0, w, h);
      for (let i = 0; i < scene.edges.length; i += 2 * EDGE_FLOATS) {
        g.strokeStyle = css(scene.edges, i + 2);
        g.beginPath();
        g.moveTo(px(scene.edges[i]), py(scene.edges[i + 1]));
        g.lineTo(px(scene.edges[i + EDGE_FLOATS]), py(scene.edges[i + EDGE_FLOATS + 1]));
        g.stroke();
      }
      for (let i = 0; i < scene.nodes.length; i += NODE_FLOATS) {
        g.fillStyle = css(scene.nodes, i + 3);
        g.beginPath();
        g.arc(px(scene.nodes[i]), py(scene.nodes[i + 1]), scene.nodes[i + 2] / view.scale, 0, 2 * Math.PI);
        g.fill();
      }
    },
  };
}
