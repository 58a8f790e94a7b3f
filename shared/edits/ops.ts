// Edit operations: pure functions that turn a planner's map action (draw, drag a corner, cut,
// merge, paint units, generate) into an Edit with the exact before states of the catchments it
// touches and their computed after states, or refuse with an EditOpError the planner can read.
// Shared boundaries are kept vertex for vertex (ops-settle), so later edits find and move both
// sides together. generateCatchments runs the engine: call it from the evaluation worker.
export { EditOpError, type EditContext } from './ops-context';
export { drawCatchment, reshapeCatchment, splitCatchment, mergeCatchments } from './ops-shape';
export { splitParts } from './ops-split';
export { moveVertex, insertVertex, deleteVertex, snapPosition, type SnapResult, type SnapTarget } from './ops-vertex';
export { convertToUnits, paintUnits, unitsInside } from './ops-units';
export { generateCatchments, type GenerateData, type GenerateMethod } from './ops-generate';
