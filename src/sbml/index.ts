/**
 * SBML support, first layer: safe XML parsing and MathML -> expression conversion.
 * (The model importer/exporter builds on these; see src/sbml/suite/ for the SBML Test Suite driver.)
 */
export {
  parseXml,
  childrenNamed,
  firstChild,
  findAll,
  DEFAULT_MAX_XML_BYTES,
  DEFAULT_MAX_XML_DEPTH,
  type XmlElement,
  type ParseXmlOptions,
} from './xml.js';
export {
  mathmlToExpr,
  lambdaToFunctionDef,
  collectMath,
  convertMathSite,
  type MathSite,
  MATHML_NS,
  CSYMBOL_TIME,
  CSYMBOL_DELAY,
  CSYMBOL_AVOGADRO,
  CSYMBOL_RATE_OF,
  SBML_AVOGADRO,
  type MathmlContext,
  type MathmlResult,
} from './mathml.js';
export { importSbml, type SbmlImportResult, type SbmlImportInfo } from './import.js';
export { exportSbml, readExosimAnnotations, EXOSIM_ANNOTATION_NS, SBML_L3V2_NS, type SbmlExportOptions } from './export.js';
export {
  exprToMathml,
  functionToMathml,
  renderXml,
  escapeText,
  escapeAttr,
  formatSbmlNumber,
  xel,
  type XNode,
  type MathmlWriteContext,
} from './mathml-write.js';
