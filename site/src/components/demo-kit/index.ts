// The demo kit every page reuses. Pages import DemoFrame from './demo-frame' directly (this
// barrel also pulls in Observable Plot); demos, which load client-only, import from here.
export { BackendBadge, type BackendBadgeProps } from './backend-badge';
export {
  type Annotation,
  type AxisScale,
  annotationMarks,
  Chart,
  type ChartProps,
  currentSettingMarks,
  endLabels,
  logAxisY,
} from './chart';
export { DemoFrame, type DemoFrameProps, type StaticFigure } from './demo-frame';
export { downloadFile } from './download-file';
export {
  type ColumnFormat,
  type ColumnSpec,
  defaultInputs,
  type Experiment,
  type ExperimentEnv,
  type ExperimentProgress,
  formatCell,
  formatValue,
  inputsKey,
  literal,
  logTicks,
  type ParamExtras,
  type ParamSpec,
  pageUrl,
  type RunContext,
  scriptHeader,
  tickText,
} from './experiment';
export {
  ExperimentControls,
  ExperimentDemo,
  type ExperimentDemoProps,
  ExperimentStatus,
  NodeScript,
  ResultsTable,
  StepScrubber,
  type StepScrubberProps,
} from './experiment-demo';
export { ExportButtons, type ExportButtonsProps } from './export-buttons';
export { LinkedText } from './linked-text';
export { NumberControl, type NumberControlProps } from './number-control';
export { RunControls, type RunControlsProps } from './run-controls';
export { type ControlOption, SelectControl, type SelectControlProps } from './select-control';
export { paramFor, SpecControl, type SpecControlProps, schemaFor } from './spec-controls';
export { toCsv } from './to-csv';
export { ToggleControl, type ToggleControlProps } from './toggle-control';
export {
  booleanParam,
  type ChoiceParamOptions,
  choiceParam,
  type NumberParamOptions,
  numberParam,
  type UrlParam,
  type UrlSchema,
  type UrlValues,
} from './url-params';
export { UrlStateControls, type UrlStateControlsProps } from './url-state-controls';
export { type AutoBackend, messageOf, useAutoBackend } from './use-auto-backend';
export { useBackendOptions } from './use-backend-options';
export {
  type ExperimentState,
  RERUN_DELAY_MS,
  type UseExperimentOptions,
  useExperiment,
} from './use-experiment';
export {
  type Runner,
  type RunProgress,
  type RunStatus,
  type TaskContext,
  useRunner,
} from './use-runner';
export { type UrlState, useUrlState } from './use-url-state';
