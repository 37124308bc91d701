// Explicit named re-exports only (one exported unit per file).

// Moved to @overparam/kernels (beside gradientDescentMse) and re-exported here unchanged.
export {
  DEFAULT_INDEFINITE_TOLERANCE,
  type LossNormalization,
  type StepSizeThresholds,
  type StepSizeThresholdsOptions,
  stepSizeThresholds,
} from '@overparam/kernels';
// Moved to @overparam/tensor (layers needs it too) and re-exported here unchanged.
export { ensureGradients } from '@overparam/tensor';
export { DivergenceError } from './errors/divergence-error.js';
export {
  type LinearNetwork,
  linearNetworkError,
  linearNetworkLoss,
  linearNetworkProduct,
} from './linear-network/linear-network.js';
export {
  type CertificateInputs,
  certificateRho,
  certifiedStepSize,
  type LinearNetworkCertificate,
  linearNetworkCertificate,
} from './linear-network/linear-network-certificate.js';
export {
  type LinearNetworkTargetOptions,
  linearNetworkTarget,
  type WhitenedTarget,
  type WhitenedTargetOptions,
  whitenedTarget,
} from './linear-network/linear-network-data.js';
export {
  CERTIFICATE_ROUNDING_FACTOR,
  type LinearNetworkGdOptions,
  type LinearNetworkGdResult,
  type LinearNetworkStep,
  linearNetworkGd,
  linearNetworkGdStep,
} from './linear-network/linear-network-gd.js';
export {
  type ImbalanceLowerBound,
  imbalanceLowerBound,
  linearNetworkImbalance,
} from './linear-network/linear-network-imbalance.js';
export {
  type InitLinearNetworkOptions,
  initLinearNetwork,
  type LinearNetworkInit,
} from './linear-network/linear-network-init.js';
export {
  type LinearizedGdOptions,
  type LinearizedGdResult,
  linearizedGd,
} from './linearized/linearized-gd.js';
export {
  type LinearizedModel,
  type LinearizedModelOptions,
  type LinearizedPrediction,
  linearizedModel,
} from './linearized/linearized-model.js';
export {
  type CompareLinearizationData,
  type CompareLinearizationOptions,
  type CompareLinearizationResult,
  compareWithLinearization,
  type LinearizationGapPoint,
} from './mlp/compare-linearization.js';
export { type EmpiricalNtkOptions, empiricalNtk } from './mlp/empirical-ntk.js';
export {
  type EmpiricalNtkF64Options,
  empiricalNtkF64,
} from './mlp/empirical-ntk-f64.js';
export {
  type MlpHessianOperator,
  type MlpHessianOptions,
  mlpHessianOperator,
  mlpHessianVectorProduct,
} from './mlp/hessian-vector-product.js';
export type {
  BuiltinMeasurement,
  Measurement,
  MeasurementContext,
  TrajectoryPoint,
} from './mlp/measurement.js';
export {
  createMlp,
  type Mlp,
  type MlpActivation,
  type MlpConfig,
  type MlpInit,
  type MlpLayer,
  type MlpOptions,
  type MlpParameterization,
} from './mlp/mlp.js';
export { ModelDisposedError } from './mlp/model-disposed-error.js';
export {
  type HessianVectorProductFn,
  hessianTopEigenvalue,
  type MlpSharpnessResult,
  mlpSharpness,
  SHARPNESS_DEFAULTS,
  type SharpnessOptions,
  type SharpnessResult,
} from './mlp/sharpness.js';
export {
  type SharpnessMeasurementOptions,
  sharpnessMeasurement,
} from './mlp/sharpness-measurement.js';
export { type TrainData, type TrainResult, train } from './mlp/train.js';
export { TRAIN_DEFAULTS, type TrainOptions } from './mlp/train-options.js';
export {
  type TwoLayerReluGdOptions,
  type TwoLayerReluGdResult,
  twoLayerReluGd,
} from './two-layer-relu/two-layer-relu-gd.js';
