// Explicit named re-exports only (one exported unit per file).

export { ALL_BOUNDS } from './all-bounds.js';
export type {
  AnyBound,
  Assumption,
  AssumptionResult,
  AssumptionScope,
  Bound,
  BoundKind,
  Citation,
  EmpiricalCheck,
  EmpiricalPoint,
  EmpiricalResult,
  EmpiricalRunOptions,
  Evaluation,
  InputSpec,
  Term,
} from './bound.js';
export {
  ARORA_RESIDUAL_TOLERANCE,
  type Arora2019GeneralizationInputs,
  arora2019GeneralizationBound,
} from './bounds/arora-2019-generalization.js';
export {
  BARTLETT_BAND,
  type Bartlett2020BenignInputs,
  bartlett2020BenignBound,
} from './bounds/bartlett-2020-benign.js';
export { type Du2019GdRateInputs, du2019GdRateBound } from './bounds/du-2019-gd-rate.js';
export {
  type DziugaiteRoyPacBayesInputs,
  dziugaiteRoyPacBayesBound,
} from './bounds/dziugaite-roy-pac-bayes.js';
export {
  type EdgeOfStabilityInputs,
  EOS_TOLERANCE,
  edgeOfStabilityBound,
} from './bounds/edge-of-stability.js';
export {
  type ElKarouiLinearizationInputs,
  elKarouiLinearizationBound,
} from './bounds/el-karoui-linearization.js';
export { HMRT_RIDGE_RTOL, type HmrtRidgeInputs, hmrtRidgeBound } from './bounds/hmrt-ridge.js';
export {
  HMRT_RIDGELESS_RTOL,
  type HmrtRidgelessInputs,
  hmrtRidgelessBound,
} from './bounds/hmrt-ridgeless.js';
export {
  LINEARIZED_GD_FORMULA_RTOL,
  LINEARIZED_GD_THRESHOLD_RTOL,
  type LinearizedGdInputs,
  linearizedGdBound,
} from './bounds/linearized-gd.js';
export {
  type MarchenkoPasturInputs,
  MP_EDGE_TOLERANCE,
  MP_KS_TOLERANCE,
  marchenkoPasturBound,
} from './bounds/marchenko-pastur.js';
export {
  type MeiMontanariRfInputs,
  MM_RF_TOLERANCE,
  meiMontanariRfBound,
} from './bounds/mei-montanari-rf.js';
export {
  type RademacherKernelInputs,
  rademacherKernelBound,
} from './bounds/rademacher-kernel.js';
export { type Xu2023LinearNetInputs, xu2023LinearNetBound } from './bounds/xu-2023-linear-net.js';
export { checkAssumptions } from './check-assumptions.js';
export { checkRunner } from './check-runner.js';
export {
  type BoundDefinition,
  type BoundFormula,
  type CheckProgress,
  defineBound,
} from './define-bound.js';
export { CheckAbortedError, InvalidBoundInputError, UnknownBoundError } from './errors.js';
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationConstants,
  type ActivationName,
  activationConstants,
  resolveActivation,
} from './formulas/activation-constants.js';
export {
  type BenignOverfittingQuantities,
  benignOverfitting,
  type SpikedPowerSpectrum,
  spikedPowerSpectrum,
} from './formulas/benign-overfitting.js';
export {
  type ElKarouiCoefficients,
  type ElKarouiCoefficientsOptions,
  type ElKarouiError,
  elKarouiCoefficients,
  elKarouiError,
  type NormDotKernel,
} from './formulas/el-karoui.js';
export {
  type GaussianExpectationOptions,
  gaussHermiteRule,
  gaussianExpectation,
  type QuadratureRule,
} from './formulas/gaussian-expectation.js';
export {
  aroraComplexity,
  type GramInfinity,
  type GramInfinityOptions,
  gramInfinity,
  kernelRegimeResiduals,
} from './formulas/gram-infinity.js';
export {
  type HmrtModel,
  type HmrtRisk,
  hmrtOptimalGamma,
  hmrtOptimalLambda,
  hmrtRidgelessRisk,
  hmrtRidgeRisk,
} from './formulas/hmrt-risk.js';
export {
  type MarchenkoPasturEdges,
  type MarchenkoPasturStieltjes,
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturStieltjes,
} from './formulas/marchenko-pastur.js';
export {
  FixedPointNotConvergedError,
  type MeiMontanariFixedPoint,
  type MeiMontanariFixedPointOptions,
  type MeiMontanariPolynomials,
  type MeiMontanariRisk,
  type MeiMontanariRiskParams,
  meiMontanariFixedPoint,
  meiMontanariPolynomials,
  meiMontanariRidgelessChi,
  meiMontanariRisk,
} from './formulas/mei-montanari.js';
export {
  binaryKl,
  type GaussianKlInput,
  gaussianKl,
  klInverseUpper,
  type PacBayesBoundInput,
  type PacBayesBoundResult,
  pacBayesBound,
} from './formulas/pac-bayes.js';
export {
  type QuadraticGdOptions,
  type QuadraticGdResult,
  quadraticGd,
} from './formulas/quadratic-gd.js';
export {
  kernelRademacher,
  type MarginBoundInput,
  type MarginBoundResult,
  marginBound,
  rampLoss,
} from './formulas/rademacher-kernel.js';
export {
  type RandomFeaturesSphereOptions,
  type RandomFeaturesSphereResult,
  randomFeaturesSphereRisk,
} from './formulas/random-features-sphere.js';
export { getBound, listBounds } from './registry.js';
export { validateInputs } from './validate-inputs.js';
