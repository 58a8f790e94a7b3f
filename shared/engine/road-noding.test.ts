import { describe, expect, it } from 'vitest';
import type { Road, RoadClass } from '../model';
import { buildRoadGraph, networkDistances, snapToGraph } from './network';
import { nodeCrossings } from './road-noding';

const road = (id: string, roadClass: RoadClass, coordinates: [number, number][]): Road => ({ id, name: null, roadClass, oneway: false, geometry: { type: 'LineString', coordinates } });
// Near 26.2°N, 0.001° of longitude ≈ 99.8 m and of latitude ≈ 111.2 m.
const eastWest = road('ew', 'county', [[116.600, 26.200], [116.610, 26.200]]);
const northSouth = road('ns', 'street', [[116.605, 26.195], [116.605, 26.205]]);

function metres(roads: Road[], from: [number, number], to: [number, number], joinCrossings = true): number {
  const g = buildRoadGraph(roads, { joinCrossings });
  return networkDistances(g, 'walking', [snapToGraph(g, ...from)], [snapToGraph(g, ...to)]).metres[0];
}

describe('joining roads that cross without a shared vertex', () => {
  it('puts one shared vertex at a crossing, so a trip turns there instead of going round', () => {
    const { roads, junctions } = nodeCrossings([eastWest, northSouth]);
    expect(junctions).toBe(1);
    expect(roads[0].geometry.coordinates).toContainEqual([116.605, 26.2]);
    expect(roads[1].geometry.coordinates).toContainEqual([116.605, 26.2]);
    // West end of the county road to the north end of the street: 5 blocks east then 5 north.
    const joined = metres([eastWest, northSouth], [116.6, 26.2], [116.605, 26.205]);
    expect(joined).toBeGreaterThan(1_050);
    expect(joined).toBeLessThan(1_060);
    // Without the junction there is no way from one road to the other.
    expect(metres([eastWest, northSouth], [116.6, 26.2], [116.605, 26.205], false)).toBe(Infinity);
  });

  it('leaves expressways grade-separated', () => {
    const expressway = { ...eastWest, id: 'g', roadClass: 'expressway' as const };
    expect(nodeCrossings([expressway, northSouth]).junctions).toBe(0);
  });

  it('joins a lane that stops just short of a road, within the tolerance only', () => {
    const lane = (gapM: number) => road('lane', 'village', [[116.603, 26.190], [116.603, 26.2 - gapM / 111_195]]);
    expect(nodeCrossings([eastWest, lane(0.5)]).junctions).toBe(1);
    expect(nodeCrossings([eastWest, lane(5)]).junctions).toBe(0);
    // Up the lane (≈ 1,112 m) then east along the road (≈ 698 m); unjoined there is no way at all.
    const joined = metres([eastWest, lane(0.5)], [116.603, 26.190], [116.61, 26.2]);
    expect(joined).toBeGreaterThan(1_800);
    expect(joined).toBeLessThan(1_820);
    expect(metres([eastWest, lane(0.5)], [116.603, 26.190], [116.61, 26.2], false)).toBe(Infinity);
  });

  it('changes nothing in data whose junctions already share vertices', () => {
    const a = road('a', 'street', [[116.6, 26.2], [116.605, 26.2]]);
    const b = road('b', 'street', [[116.605, 26.2], [116.605, 26.205]]);
    const { roads, junctions } = nodeCrossings([a, b]);
    expect(junctions).toBe(0);
    expect(roads).toEqual([a, b]);
  });
});
