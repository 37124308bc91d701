export { type ArcCosineKernelOptions, arcCosineKernel } from './arc-cosine-kernel.js';
export {
  type CenteredKernelAlignmentOptions,
  centeredKernelAlignment,
} from './centered-kernel-alignment.js';
export {
  type DirectionalAlignmentOptions,
  directionalAlignment,
} from './directional-alignment.js';
export {
  type FcGpuOptions,
  type FcKernel,
  type FcKernelOptions,
  type FcKernelPair,
  fcKernel,
} from './fc-kernel.js';
export {
  type FitKernelRidgeOptions,
  fitKernelRidge,
  KERNEL_RIDGE_F64_MAX_N,
  type KernelRidgeCgFit,
  type KernelRidgeF64Fit,
  type KernelRidgeFit,
  type KernelRidgeSolver,
} from './fit-kernel-ridge.js';
export {
  type GpDiagnosis,
  type GpInference,
  type GpInferenceOptions,
  type GpPosterior,
  gpInference,
} from './gp-inference.js';
export {
  type GpInferenceGpuModel,
  type GpInferenceGpuOptions,
  type GpPosteriorGpu,
  type GpPosteriorGpuOptions,
  gpInferenceGpu,
} from './gp-inference-gpu.js';
export { gramInfinityKernel } from './gram-infinity-kernel.js';
export type { GpuTileOptions } from './internal/gpu.js';
export type { Kernel, KernelBudgetOptions } from './kernel.js';
export {
  type KernelRidgeModel,
  type KernelRidgeOptions,
  kernelRidge,
} from './kernel-ridge.js';
export {
  type KernelRidgeGpuModel,
  type KernelRidgeGpuOptions,
  kernelRidgeGpu,
} from './kernel-ridge-gpu.js';
export {
  type KernelSpectrum,
  type KernelSpectrumOptions,
  kernelSpectrum,
} from './kernel-spectrum.js';
export {
  type KernelTargetAlignmentOptions,
  kernelTargetAlignment,
} from './kernel-target-alignment.js';
export { type LaplaceKernelOptions, laplaceKernel } from './laplace-kernel.js';
export { laplaceL1Kernel } from './laplace-l1-kernel.js';
export { type LinearKernelOptions, linearKernel } from './linear-kernel.js';
export {
  type MonteCarloKernelOptions,
  type MonteCarloKernelResult,
  monteCarloKernel,
} from './monte-carlo-kernel.js';
export { type PolynomialKernelOptions, polynomialKernel } from './polynomial-kernel.js';
export {
  type GdMseAt,
  type GdMseInit,
  type GdMsePrediction,
  type GdMsePredictor,
  type GradientDescentMse,
  type GradientDescentMseOptions,
  gradientDescentMse,
  gradientDescentMseWork,
} from './predict/gradient-descent-mse.js';
export {
  type GdEnsemblePrediction,
  type GdEnsembleQuery,
  type GradientDescentMseEnsemble,
  type GradientDescentMseEnsembleOptions,
  gradientDescentMseEnsemble,
  type NetworkKernel,
} from './predict/gradient-descent-mse-ensemble.js';
export { type LossNormalization, resolveLossNormalization } from './predict/loss-normalization.js';
export {
  type HyperparameterScore,
  type HyperparameterSelection,
  type HyperparameterSetting,
  type HyperparameterValue,
  type SearchRange,
  type SelectableKernel,
  type SelectHyperparametersOptions,
  selectHyperparameters,
} from './predict/select-hyperparameters.js';
export {
  DEFAULT_INDEFINITE_TOLERANCE,
  type StepSizeThresholds,
  type StepSizeThresholdsOptions,
  stepSizeThresholds,
} from './predict/step-size-thresholds.js';
export {
  type RandomArcCosineFeaturesOptions,
  randomArcCosineFeatures,
} from './random-arc-cosine-features.js';
export { type RbfKernelOptions, rbfKernel } from './rbf-kernel.js';
