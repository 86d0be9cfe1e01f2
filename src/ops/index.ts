/** Every operation a plan can name, by its name: how `apply` finds the code that re-decides a saved plan. */
import type { Operation } from "../plan/plan.js";
import { createOperation } from "./create.js";
import { nodepoolAddOperation } from "./nodepoolAdd.js";
import type { OperationModule } from "./operation.js";
import { upgradeOperation } from "./upgrade.js";
import { nodepoolScaleOperation, nodepoolUpdateOperation } from "./nodepoolChange.js";
import { updateOperation } from "./update.js";

export const OPERATION_MODULES: Readonly<Record<Operation, OperationModule<object, unknown>>> = {
  create: createOperation as unknown as OperationModule<object, unknown>,
  upgrade: upgradeOperation as unknown as OperationModule<object, unknown>,
  update: updateOperation as unknown as OperationModule<object, unknown>,
  "nodepool-add": nodepoolAddOperation as unknown as OperationModule<object, unknown>,
  "nodepool-update": nodepoolUpdateOperation as unknown as OperationModule<object, unknown>,
  "nodepool-scale": nodepoolScaleOperation as unknown as OperationModule<object, unknown>,
};
