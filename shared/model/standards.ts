// The standards profile: national defaults from ../shared/docs/domain.md, each with its source and
// confidence mark. A project keeps its own editable copy; figures marked 'U' ship flagged unverified.

export type Confidence = 'V2' | 'U';

export interface StandardFigure {
  key: string;
  /** Value per level; null where the standard sets none (or ships unset). */
  primary: number | null;
  junior: number | null;
  unit: string;
  source: string;
  confidence: Confidence;
  /** True once the planner changed it for this project. */
  edited: boolean;
}

export type StandardsProfile = StandardFigure[];

function fig(key: string, primary: number | null, junior: number | null, unit: string, source: string, confidence: Confidence): StandardFigure {
  return { key, primary, junior, unit, source, confidence, edited: false };
}

/** Keys the engine reads. The UI labels them through i18n (standards.<key>). */
export const DEFAULT_STANDARDS: readonly StandardFigure[] = [
  fig('classSize', 45, 50, 'pupils/class', '教督〔2017〕6号; 建标102-2002 第六条; GB 50099-2011 第3.0.1条', 'V2'),
  fig('classSizeTeachingPoint', 30, null, 'pupils/class', 'GB 50099-2011 第3.0.1条; 建标109-2008 第八条', 'V2'),
  fig('classSizeRuralLongTerm', 40, 45, 'pupils/class', '建标109-2008 第八条 (远期)', 'V2'),
  fig('oversizedClass', 56, 56, 'pupils/class', 'MOE 2018-03; 教育部等 2019-07 意见; 国新办 2020-09', 'V2'),
  fig('extraLargeClass', 66, 66, 'pupils/class', 'MOE 2018-03; 教育部等 2019-07 意见; 国新办 2020-09', 'V2'),
  fig('maxSchoolSize', 2000, 2000, 'pupils', '教督〔2017〕6号', 'V2'),
  fig('maxNineYearSchoolSize', 2500, 2500, 'pupils', '教督〔2017〕6号 (whole compulsory section)', 'V2'),
  fig('pupilsPerStaff', 19, 13.5, 'pupils/post', '国办发〔2001〕74号 城市标准; 中央编办发〔2014〕72号', 'U'),
  fig('serviceRadiusUrban', 500, 1000, 'm', 'GB 50180-93 (2016 年版) 附录A 表A.0.1; GB 50180-2018', 'V2'),
  fig('ruralTravelMinutes', 30, null, 'min', '国办发〔2018〕27号 (grades 1–3)', 'V2'),
  fig('ruralWalkingDistance', 2000, null, 'm', '河北 provincial text; no national figure', 'U'),
  fig('smallSchoolThreshold', 100, null, 'pupils', '国办发〔2018〕27号', 'V2'),
  fig('teachingPointExclusion', 50, null, 'pupils', '教督〔2017〕6号 (via 河北 text)', 'V2'),
  fig('maxCv', 0.5, 0.45, 'ratio', '教督〔2017〕6号', 'V2'),
  fig('nearbyEnrolmentShare', 1, 0.95, 'ratio', '教督〔2017〕6号', 'V2'),
  fig('seatsPer1000Residents', null, null, 'seats/1000', 'city plans (e.g. 长乐 84 / 42 at 14 ‰); unset until the planner sets it', 'V2'),
  fig('areaPerPupilTeaching', 4.5, 5.8, 'm²/pupil', '教督〔2017〕6号', 'V2'),
  fig('classroomAreaPerSeat', 1.36, 1.39, 'm²/seat', 'GB 50099-2011 表7.1.1', 'V2'),
];

export function defaultStandards(): StandardsProfile {
  return DEFAULT_STANDARDS.map((f) => ({ ...f }));
}
