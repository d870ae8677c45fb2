/** ExoSim's version; test/version.test.ts checks it equals package.json's `version`. */
export const EXOSIM_VERSION = '0.1.0';
