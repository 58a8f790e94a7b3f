// Domain types shared by every layer.
export * from './levels';
export * from './geometry';
export * from './entities';
export * from './standards';
export * from './project';
export * from './derive';
