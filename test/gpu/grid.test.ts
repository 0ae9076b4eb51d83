import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grid } from '../../src/gpu/grid.ts';

test('grid: within the limit a launch stays 1-D; past it, it folds into y; past max² it throws naming the kernel', () => {
  assert.equal(grid(10, 65535, 'k'), [10, 1]);
  assert.equal(grid(65535, 65535, 'k'), [65535, 1]);
  assert.equal(grid(65536, 65535, 'k'), [65535, 2]);
  assert.equal(grid(40, 7, 'k'), [7, 6]);
  assert.throws(() => grid(50, 7, 'spmm'), /spmm: 50 workgroups exceed 7x7 \(maxComputeWorkgroupsPerDimension\)/);
});

test.run();
