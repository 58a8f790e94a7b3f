// Host-side implementation of the API contract.
export { createBackend, type Backend, type BackendOptions } from './backend';
export { createDemoProject, readDemoInputs, withDerivedOutlines, writeCountyProject } from './demo-project';
