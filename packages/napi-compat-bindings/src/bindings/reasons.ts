/** Why the bridge functions are unavailable. */
export const BRIDGE_NOT_SUPPORTED_REASON =
  'provided by the Cortex bridge (Phase C), which is not part of @drift/napi-compat-bindings';

/** Why the advanced functions are unavailable. */
export const ADVANCED_NOT_SUPPORTED_REASON =
  "provided by Drift's advanced analysis systems (simulation, decision mining, context and specification generation), which are not part of @drift/napi-compat-bindings";
