export { load, type LoadConfig, type LoadResult, type BuildInstance, type LoadedFile, type LoadedPackage } from './loader.js';
export { type LoadFS, type FileStat, memoryFS } from './fs.js';
export { type ModuleInfo } from './module-file.js';
