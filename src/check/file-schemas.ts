/** The JSON Schemas published for editors' completion of user files, by their path in the repository (npm run schema writes them). */
import { ruleFileJsonSchema } from '../rules/rule-file.schema.js';
import { assertionFileJsonSchema } from './assertion-file.schema.js';

const text = (schema: object): string => JSON.stringify(schema, null, 2) + '\n';

export const FILE_SCHEMAS: Record<string, () => string> = {
  'schema/rules.schema.json': () => text(ruleFileJsonSchema()),
  'schema/assertions.schema.json': () => text(assertionFileJsonSchema()),
};
