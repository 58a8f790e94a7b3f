// The project store: the only place with SQL. See docs/project-file.md.
export { createProject, openProject, CURRENT_SCHEMA_VERSION, type ProjectStore, type EditLogEntry, type ResidenceColumns } from './project-store';
export { ProjectFileError, inspectProjectFile, type ProjectFileErrorCode } from './open';
export { readGeoPackage, geoPackageLayers } from './gpkg-reader';
export { writeGeoPackageFile, type ExportLayer } from './gpkg-writer';
