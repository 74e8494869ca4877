import type { Credentials } from './credentials';
import { Fc2FunctionClient } from './fc2-function-client';
import { Fc3FunctionClient } from './fc3-function-client';
import type { FunctionClient } from './function-client';
import type { FunctionTarget } from './function-target';

/**
 * Functions in an FC 2.0 service (--service, e.g. those the ApsaraMQ console's connector wizard
 * created) are reached through the 2.0 API; all others, such as those the fc3 component deploys,
 * through the 3.0 API.
 */
export function openFunctionClient(target: FunctionTarget, credentials: Credentials): FunctionClient {
  return target.serviceName === undefined
    ? new Fc3FunctionClient(target, credentials)
    : new Fc2FunctionClient(target, target.serviceName, credentials);
}
