// What the browser tests can rely on: the headless Chromium they run in (no GPU; WebGL comes
// from SwiftShader) must offer everything the engine and the components need. If one of these
// fails, every test that depends on it would fail too, with a far less helpful message.
import { describe, expect, it } from 'vitest';
import { instantiateSimdModule, SIMD_MODULE_BYTES } from './fixtures/simd-module.js';

describe('WebAssembly', () => {
  it('validates and runs a SIMD (v128) module', async () => {
    expect(WebAssembly.validate(SIMD_MODULE_BYTES)).toBe(true);
    const { f } = await instantiateSimdModule();
    expect(f(21)).toBe(42);
  });

  it('compiles from a streamed response, as the engine loads its kernels', async () => {
    const response = new Response(SIMD_MODULE_BYTES, {
      headers: { 'Content-Type': 'application/wasm' },
    });
    const module = await WebAssembly.compileStreaming(response);
    expect(WebAssembly.Module.exports(module)).toEqual([{ name: 'f', kind: 'function' }]);
  });
});

describe('Web Workers', () => {
  it('starts a module worker that imports modules and answers a message', async () => {
    const worker = new Worker(new URL('./fixtures/echo.worker.ts', import.meta.url), {
      type: 'module',
    });
    try {
      const reply = await new Promise<{ id: number; doubled: number; url: string }>(
        (resolve, reject) => {
          worker.addEventListener('message', (event) => resolve(event.data));
          worker.addEventListener('error', (event) =>
            reject(new Error(`worker failed to start: ${event.message || 'unknown error'}`)),
          );
          worker.postMessage({ id: 7, n: 21 });
        },
      );
      expect(reply.id).toBe(7);
      expect(reply.doubled).toBe(42); // computed with WASM SIMD inside the worker
      expect(reply.url).toContain('echo.worker');
    } finally {
      worker.terminate();
    }
  });

  it('transfers typed arrays to a worker without copying', () => {
    const { port1 } = new MessageChannel();
    const points = new Float32Array(1024);
    port1.postMessage(points, [points.buffer]);
    expect(points.byteLength).toBe(0); // detached: ownership moved
    port1.close();
  });
});

describe('WebGL 2', () => {
  it('has a context with EXT_color_buffer_float and renders into a float texture', () => {
    const gl = document.createElement('canvas').getContext('webgl2');
    expect(gl, 'WebGL 2 context').not.toBeNull();
    if (!gl) return;
    expect(gl.getExtension('EXT_color_buffer_float'), 'EXT_color_buffer_float').not.toBeNull();
    expect(gl.getExtension('OES_texture_float_linear'), 'OES_texture_float_linear').not.toBeNull();
    // A 1280 × 4000 page maps to a density texture that tall.
    expect(gl.getParameter(gl.MAX_TEXTURE_SIZE)).toBeGreaterThanOrEqual(4096);

    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32F, 4, 4, 0, gl.RED, gl.FLOAT, null);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    expect(gl.checkFramebufferStatus(gl.FRAMEBUFFER)).toBe(gl.FRAMEBUFFER_COMPLETE);

    gl.clearColor(1234.5, 0, 0, 1); // outside [0, 1]: only a float target keeps it
    gl.clear(gl.COLOR_BUFFER_BIT);
    const pixel = new Float32Array(4);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, pixel);
    expect(pixel[0]).toBe(1234.5);
    expect(gl.getError()).toBe(gl.NO_ERROR);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  });
});

describe('WebGL 1 (regl)', () => {
  it('has a context with OES_texture_float, float render targets and context-loss control', () => {
    const gl = document.createElement('canvas').getContext('webgl');
    expect(gl, 'WebGL 1 context').not.toBeNull();
    if (!gl) return;
    expect(gl.getExtension('OES_texture_float'), 'OES_texture_float').not.toBeNull();
    expect(gl.getExtension('OES_texture_float_linear'), 'OES_texture_float_linear').not.toBeNull();
    expect(gl.getExtension('WEBGL_color_buffer_float'), 'WEBGL_color_buffer_float').not.toBeNull();
    const loseContext = gl.getExtension('WEBGL_lose_context');
    expect(loseContext, 'WEBGL_lose_context (context-loss tests)').not.toBeNull();

    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    const values = new Float32Array(4 * 4 * 4).fill(0.25);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 4, 4, 0, gl.RGBA, gl.FLOAT, values);
    expect(gl.getError()).toBe(gl.NO_ERROR);
    loseContext?.loseContext();
  });
});
