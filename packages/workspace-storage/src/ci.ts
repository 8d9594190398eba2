// CI environment detection from environment variables (no file or database access).

/** A CI system drift recognises; `Generic` is any other that sets `CI`. */
export type CIEnvironment =
  | 'GitHubActions'
  | 'GitLabCI'
  | 'Jenkins'
  | 'CircleCI'
  | 'TravisCI'
  | 'AzureDevOps'
  | 'Bitbucket'
  | 'Generic';

/** The variable each CI system sets, in the order they are checked (the first present wins). */
const CI_VARIABLES: ReadonlyArray<readonly [variable: string, environment: CIEnvironment]> = [
  ['GITHUB_ACTIONS', 'GitHubActions'],
  ['GITLAB_CI', 'GitLabCI'],
  ['JENKINS_URL', 'Jenkins'],
  ['CIRCLECI', 'CircleCI'],
  ['TRAVIS', 'TravisCI'],
  ['TF_BUILD', 'AzureDevOps'],
  ['BITBUCKET_PIPELINE_UUID', 'Bitbucket'],
  ['CI', 'Generic'],
];

/** The CI system `env` (default: this process's environment) belongs to, or null outside CI. */
export function detectCiEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): CIEnvironment | null {
  for (const [variable, environment] of CI_VARIABLES) if (env[variable] !== undefined) return environment;
  return null;
}

/** True when `env` (default: this process's environment) is a CI environment. */
export function isCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return detectCiEnvironment(env) !== null;
}
