/**
 * The production deployment (Dockerfile, .dockerignore, docker-compose.yml,
 * deploy/) checked without a Docker engine: the files parse, the services are
 * wired to each other, and everything they run or read exists in the repo.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MIGRATIONS_DIR } from '../../adapters/storage/migrate';
import { DEFAULT_REPORT_FONT } from '../../api/exports/summary-report-pdf';
import { configSchema } from '../../config/env';

const ROOT = path.resolve(__dirname, '..', '..');
const APP_SERVICES = ['migrate', 'api', 'worker'] as const;

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(ROOT, file));

// ---------------------------------------------------------------- package.json and tsconfig

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

interface TsConfig {
  extends?: string;
  include?: string[];
  compilerOptions?: { outDir?: string; rootDir?: string };
}

/** tsconfig.build.json with the options it inherits (what `npm run build` compiles, and where to). */
function buildTsConfig(): { outDir: string; rootDir: string; include: string[] } {
  const chain: TsConfig[] = [];
  for (let file: string | undefined = 'tsconfig.build.json'; file; ) {
    const config = JSON.parse(read(file)) as TsConfig;
    chain.unshift(config);
    file = config.extends ? path.join(path.dirname(file), config.extends) : undefined;
  }
  const merged = chain.reduce<TsConfig>(
    (acc, config) => ({ include: config.include ?? acc.include, compilerOptions: { ...acc.compilerOptions, ...config.compilerOptions } }),
    {},
  );
  return {
    outDir: path.normalize(merged.compilerOptions?.outDir ?? '.'),
    rootDir: path.normalize(merged.compilerOptions?.rootDir ?? '.'),
    include: merged.include ?? [],
  };
}

/**
 * The TypeScript source the build compiles into `compiled` (e.g.
 * `dist/worker/main.js` ← `worker/main.ts`), or a reason why there is none.
 */
function sourceOf(compiled: string): { source?: string; problem?: string } {
  const { outDir, rootDir, include } = buildTsConfig();
  const relative = path.relative(outDir, path.normalize(compiled));
  if (relative.startsWith('..') || !relative.endsWith('.js')) return { problem: `${compiled} is not a .js file under ${outDir}/` };
  const source = path.join(rootDir, relative.replace(/\.js$/, '.ts'));
  const included = include.some((entry) => source === entry || source.startsWith(`${path.normalize(entry)}${path.sep}`));
  if (!included) return { source, problem: `${source} is outside tsconfig.build.json "include" (${include.join(', ')})` };
  if (!exists(source)) return { source, problem: `${source} does not exist (yet)` };
  return { source };
}

// ---------------------------------------------------------------- Dockerfile

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name?: string;
  from: string;
  instructions: Instruction[];
}

/** A small Dockerfile reader: continuation lines joined, comments dropped, split into stages. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) continue; // comments, parser directives, and comment lines inside a continuation
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full) logical.push(full);
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [, image, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)!;
      stages.push({ from: image, name, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(read('Dockerfile'));
const finalStage = stages[stages.length - 1];
const stageNamed = (name: string) => stages.find((stage) => stage.name === name);

/** The stage and the stages it is built FROM, base first. */
function ancestry(stage: Stage): Stage[] {
  const parent = stageNamed(stage.from);
  return parent ? [...ancestry(parent), stage] : [stage];
}

/** ENV values in force in a stage (inherited from the stages it is built on). */
function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of ancestry(stage).flatMap((s) => s.instructions)) {
    if (keyword !== 'ENV') continue;
    for (const [, key, value] of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[key] = value.replace(/^"|"$/g, '');
  }
  return env;
}

const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

/** The exec form of an instruction (`CMD ["node", "x.js"]`) as an array. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed)) throw new Error(`expected the exec (JSON array) form, got ${args}`);
  return parsed.map(String);
}

// ---------------------------------------------------------------- docker-compose.yml

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  init?: boolean;
  container_name?: string;
  ports?: (string | number | { target?: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  deploy?: { replicas?: number };
  expose?: (string | number)[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

// `merge: true`: the file shares settings between the app services with YAML
// merge keys (`<<: *app`), which Docker Compose applies.
const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services?.[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};

/** Compose variable substitution with no variables set: `${X:-default}` → default, `$$` → `$`. */
function withLocalDefaults(value: string): string {
  return value.replace(/\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced: string | undefined) => {
    if (match === '$$') return '$';
    if (braced === undefined) return '';
    const expression = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s.exec(braced);
    if (!expression) throw new Error(`unsupported substitution ${match}: give it a default (\${NAME:-value})`);
    return expression[3] ?? '';
  });
}

function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries);
}

function commandOf(name: string): string[] | undefined {
  const { command } = service(name);
  if (command === undefined) return undefined;
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

function dependsOn(name: string): Record<string, string> {
  const dependencies = service(name).depends_on ?? {};
  if (Array.isArray(dependencies)) return Object.fromEntries(dependencies.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(dependencies).map(([d, spec]) => [d, spec?.condition ?? 'service_started']));
}

const healthcheckCommand = (name: string) => {
  const test = service(name).healthcheck?.test;
  return test === undefined ? '' : withLocalDefaults(Array.isArray(test) ? test.join(' ') : test);
};

const containerPorts = (name: string) =>
  (service(name).ports ?? []).map((port) => (typeof port === 'object' ? Number(port.target) : Number(String(port).split(':').pop()!.split('/')[0])));

/** Host paths that a service bind-mounts (relative to the compose file), with their targets. */
function bindMounts(name: string): { source: string; target: string }[] {
  return (service(name).volumes ?? []).flatMap((volume) => {
    if (typeof volume === 'object') return volume.type === 'bind' && volume.source ? [{ source: volume.source, target: volume.target ?? '' }] : [];
    const [source, target = ''] = volume.split(':');
    return source.startsWith('.') || source.startsWith('/') ? [{ source, target }] : [];
  });
}

// ================================================================= tests

describe('the production image (Dockerfile)', () => {
  it('when the Dockerfile is read, then it has several stages, each built on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const baseImages = stages.filter((stage) => !stageNamed(stage.from)).map((stage) => stage.from);
    expect(baseImages.length).toBeGreaterThan(0);
    expect(new Set(baseImages)).toEqual(new Set(['node:20-bookworm-slim']));
  });

  it('when dependencies are installed, then every npm ci runs with TEMPORAL_SKIP_BINARY_INSTALL=1', () => {
    const installs = stages.flatMap((stage) => runs(stage).filter((run) => /\bnpm ci\b/.test(run)).map((run) => ({ stage, run })));
    expect(installs.length).toBeGreaterThan(0);
    for (const { stage, run } of installs) {
      const skipped = stageEnv(stage).TEMPORAL_SKIP_BINARY_INSTALL === '1' || /\bTEMPORAL_SKIP_BINARY_INSTALL=1\b/.test(run);
      expect({ stage: stage.name, run, skipped }).toEqual({ stage: stage.name, run, skipped: true });
    }
  });

  it('when the image is built, then it runs npm run build and npm run bundle:workflows, and every npm script it runs exists in package.json', () => {
    const scripts = stages.flatMap(runs).flatMap((run) => [...run.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1]));
    expect(scripts).toEqual(expect.arrayContaining(['build', 'bundle:workflows']));
    const missing = scripts.filter((script) => !(script in packageJson.scripts));
    expect(missing).toEqual([]);
  });

  it('when npm run bundle:workflows runs in the build, then the script file it names exists', () => {
    const files = packageJson.scripts['bundle:workflows']?.split(/\s+/).filter((word) => /\.[cm]?[jt]s$/.test(word)) ?? [];
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => !exists(file))).toEqual([]);
  });

  it('when the build stage finishes, then it has checked that the workflow bundle and every entry point were produced', () => {
    const built = stages.flatMap(runs).flatMap((run) => [...run.matchAll(/\btest -f (\S+)/g)].map((m) => path.normalize(m[1])));
    const entryPoints = [execForm(finalStage.instructions.find((i) => i.keyword === 'CMD')!.args)[1], ...APP_SERVICES.map((name) => commandOf(name)?.[1])];
    for (const expected of ['dist/workflow-bundle.js', ...entryPoints]) expect(built).toContain(path.normalize(String(expected)));
  });

  it('when the runtime stage is assembled, then its node_modules come from an install of production dependencies only', () => {
    const copies = finalStage.instructions.filter((i) => i.keyword === 'COPY' && /\bnode_modules\b/.test(i.args));
    expect(copies).toHaveLength(1);
    const from = /--from=(\S+)/.exec(copies[0].args)?.[1];
    expect(from).toBeDefined();
    const source = stageNamed(from!);
    expect(source).toBeDefined();
    const install = runs(source!).find((run) => /\bnpm ci\b/.test(run));
    expect(install).toMatch(/--omit=dev\b/);
    // and nothing in the runtime stage installs the dev dependencies afresh
    expect(runs(finalStage).filter((run) => /\bnpm (ci|install|i)\b/.test(run))).toEqual([]);
  });

  it('when the runtime stage is assembled, then it installs fonts-noto-cjk and checks the file REPORT_CJK_FONT names by default', () => {
    const install = runs(finalStage).find((run) => /apt-get install\b.*\bfonts-noto-cjk\b/.test(run));
    expect(install).toBeDefined();
    expect(install).toContain(`test -f ${DEFAULT_REPORT_FONT.path}`);
    expect(install).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
  });

  it('when the container starts, then it runs as a non-root user', () => {
    const users = finalStage.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
  });

  it('when no command is given, then the container runs the API with node and exposes port 3000', () => {
    const cmd = finalStage.instructions.filter((i) => i.keyword === 'CMD');
    expect(cmd).toHaveLength(1);
    expect(execForm(cmd[0].args)).toEqual(['node', 'dist/api/main.js']);
    const exposed = finalStage.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => p.split('/')[0]));
    expect(exposed).toContain('3000');
  });

  it('when the migrations run in the container, then the SQL files are copied where the compiled migrator looks for them', () => {
    // adapters/storage/migrate.ts resolves db/migrations relative to its own
    // folder; compiled, that folder is dist/adapters/storage.
    const { outDir, rootDir } = buildTsConfig();
    const migratorDir = path.join(ROOT, 'adapters', 'storage');
    const compiledMigratorDir = path.join(ROOT, outDir, path.relative(path.join(ROOT, rootDir), migratorDir));
    const expected = path.relative(ROOT, path.resolve(compiledMigratorDir, path.relative(migratorDir, MIGRATIONS_DIR)));
    expect(fs.readdirSync(MIGRATIONS_DIR).some((file) => file.endsWith('.sql'))).toBe(true);
    const copied = finalStage.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args.split(/\s+/).filter((word) => !word.startsWith('--')))
      .filter((words) => words.slice(0, -1).some((source) => path.normalize(source).endsWith(path.relative(ROOT, MIGRATIONS_DIR))))
      .map((words) => path.normalize(words[words.length - 1]).replace(/\/$/, ''));
    expect(copied).toContain(expected);
  });
});

describe('the dashboard in the image (web/ → web/dist)', () => {
  const buildStage = stageNamed('build')!;
  /** The files a stage has COPY'd from the context before its n-th instruction. */
  const copiedBefore = (stage: Stage, index: number) =>
    stage.instructions
      .slice(0, index)
      .filter((i) => i.keyword === 'COPY' && !/--from=/.test(i.args))
      .flatMap((i) => i.args.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1));

  it('when npm ci runs in a stage, then every script the postinstall names has been copied in before it', () => {
    const postinstallScripts = [...(packageJson.scripts.postinstall ?? '').matchAll(/\bnode (\S+\.js)\b/g)].map((m) => m[1]);
    expect(postinstallScripts).toEqual(expect.arrayContaining(['scripts/build-web.js']));
    for (const stage of stages) {
      stage.instructions.forEach((instruction, index) => {
        if (instruction.keyword !== 'RUN' || !/\bnpm ci\b/.test(instruction.args)) return;
        const copied = copiedBefore(stage, index);
        const missing = postinstallScripts.filter((script) => !copied.some((source) => source === '.' || path.normalize(source) === path.normalize(script)));
        expect({ stage: stage.name, missing }).toEqual({ stage: stage.name, missing: [] });
      });
    }
  });

  it('when the build stage runs, then it builds the dashboard from the copied sources and checks web/dist/index.html', () => {
    expect(buildStage).toBeDefined();
    const index = buildStage.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm run web:build\b/.test(i.args));
    expect(index).toBeGreaterThan(-1);
    expect(copiedBefore(buildStage, index)).toContain('.');
    expect(buildStage.instructions[index].args).toMatch(/npm run web:build\b.*&& test -f web\/dist\/index\.html/);
    expect(packageJson.scripts['web:build']).toBe('node scripts/build-web.js');
  });

  it('when the runtime stage is assembled, then web/dist is copied from the build where the compiled API looks for it', () => {
    const copy = finalStage.instructions.find((i) => i.keyword === 'COPY' && /--from=build\s+\/app\/web\/dist\b/.test(i.args));
    expect(copy).toBeDefined();
    const target = copy!.args.split(/\s+/).pop()!;
    // api/dashboard.ts, compiled into <outDir>/api/, serves <outDir>/api/../../web/dist; the image's WORKDIR is /app.
    const { outDir } = buildTsConfig();
    const served = path.posix.normalize(path.posix.join('/app', outDir, 'api', '..', '..', 'web', 'dist'));
    expect(path.posix.normalize(path.posix.join('/app', target)).replace(/\/$/, '')).toBe(served);
    expect(read('api/dashboard.ts')).toContain("path.resolve(__dirname, '..', '..', 'web', 'dist')");
  });
});

describe('the build context (.dockerignore)', () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => line.replace(/^\/|\/$/g, ''));
  const globToRegExp = (glob: string) =>
    // eslint-disable-next-line no-control-regex -- NUL stands in for '**' while '*' is rewritten
    new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*')}(/.*)?$`);
  const ignored = (file: string) => patterns.some((pattern) => globToRegExp(pattern).test(file));

  it('when the build context is sent, then host-built files, tools and secrets are left out', () => {
    for (const file of ['node_modules', 'dist', '.tools', '.data', '.env', '.git', 'web/dist', 'web/.generated', 'web/src/api/schema.d.ts', 'test-artifacts']) {
      expect({ file, ignored: ignored(file) }).toEqual({ file, ignored: true });
    }
  });

  it('when the build context is sent, then every file the image build needs is kept', () => {
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'scripts/install-temporal-binaries.js',
      'scripts/build-web.js',
      'scripts/write-openapi.ts',
      'web/index.html',
      'web/vite.config.mts',
      'web/tsconfig.json',
      'web/src/main.ts',
      'web/src/App.vue',
      path.relative(ROOT, MIGRATIONS_DIR),
      ...buildTsConfig().include,
    ];
    expect(needed.filter(ignored)).toEqual([]);
  });
});

describe('the deployment (docker-compose.yml)', () => {
  it('when the compose file is parsed, then it has the services postgres, temporal, temporal-ui, migrate, api and worker', () => {
    expect(Object.keys(compose.services ?? {})).toEqual(expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'migrate', 'api', 'worker']));
  });

  it('when the app services are built, then migrate, api and worker share one image built from the project Dockerfile', () => {
    const images = new Set<string | undefined>();
    for (const name of APP_SERVICES) {
      const { build, image } = service(name);
      const context = typeof build === 'string' ? build : build?.context;
      const dockerfile = (typeof build === 'object' && build.dockerfile) || 'Dockerfile';
      expect({ name, context: context && path.resolve(ROOT, context) }).toEqual({ name, context: ROOT });
      expect({ name, dockerfile: path.resolve(ROOT, context ?? '.', dockerfile) }).toEqual({ name, dockerfile: path.join(ROOT, 'Dockerfile') });
      images.add(image);
    }
    expect(images.size).toBe(1);
    expect([...images][0]).toEqual(expect.any(String));
  });

  it('when the app services start, then api runs the API, worker the worker and migrate the migrations, with node on the built files', () => {
    expect(commandOf('api') ?? execForm(finalStage.instructions.find((i) => i.keyword === 'CMD')!.args)).toEqual(['node', 'dist/api/main.js']);
    expect(commandOf('worker')).toEqual(['node', 'dist/worker/main.js']);
    expect(commandOf('migrate')).toEqual(['node', 'dist/scripts/migrate.js']);
  });

  it('when the build compiles the sources, then every entry point the image and the compose file run has its TypeScript source in the repo', () => {
    const cmd = execForm(finalStage.instructions.find((i) => i.keyword === 'CMD')!.args);
    const entryPoints = new Set([cmd, ...APP_SERVICES.map(commandOf)].filter((c): c is string[] => Boolean(c)).map((c) => c[1]));
    const problems = [...entryPoints].map((compiled) => sourceOf(compiled).problem).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('when an app service sets an environment variable, then the variable is one config/env.ts reads', () => {
    const known = Object.keys(configSchema.shape);
    for (const name of APP_SERVICES) {
      const keys = Object.keys(environmentOf(name));
      expect(keys.length).toBeGreaterThan(0);
      expect({ name, unknown: keys.filter((key) => !known.includes(key)) }).toEqual({ name, unknown: [] });
    }
  });

  it('when the app services run with the local defaults, then configSchema accepts their environment and it points at the campaigns database and the temporal service', () => {
    const temporalPort = containerPorts('temporal')[0] ?? 7233;
    for (const name of APP_SERVICES) {
      const env = Object.fromEntries(Object.entries(environmentOf(name)).map(([key, value]) => [key, withLocalDefaults(value)]));
      const parsed = configSchema.safeParse(env);
      expect({ name, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ name, issues: [] });
      const url = new URL(env.DATABASE_URL);
      expect({ name, host: url.hostname, database: url.pathname }).toEqual({ name, host: 'postgres', database: '/campaigns' });
      if (name !== 'migrate') expect({ name, temporal: env.TEMPORAL_ADDRESS }).toEqual({ name, temporal: `temporal:${temporalPort}` });
    }
    const api = configSchema.parse(Object.fromEntries(Object.entries(environmentOf('api')).map(([k, v]) => [k, withLocalDefaults(v)])));
    expect(api.API_HOST).toBe('0.0.0.0');
    expect(containerPorts('api')).toContain(api.API_PORT);
  });

  it('when the stack starts, then api and worker wait for migrate and for the namespace to be registered', () => {
    for (const name of ['api', 'worker']) {
      expect({ name, depends_on: dependsOn(name) }).toEqual({
        name,
        depends_on: expect.objectContaining({ migrate: 'service_completed_successfully', 'temporal-namespace': 'service_completed_successfully' }),
      });
    }
    expect(dependsOn('migrate')).toEqual(expect.objectContaining({ postgres: 'service_healthy' }));
    expect(Object.keys(dependsOn('temporal-namespace'))).toContain('temporal');
    expect(Object.keys(dependsOn('temporal-ui'))).toContain('temporal-namespace');
  });

  it('when the worker runs in compose, then the SDK\'s metrics exporter listens on the network at the port it exposes', () => {
    const env = environmentOf('worker');
    expect(env.WORKER_METRICS_HOST).toBe('0.0.0.0');
    expect(service('worker').expose?.map(String)).toContain(env.WORKER_METRICS_PORT);
  });

  it('when a service waits for another to be healthy, then that other service defines a healthcheck', () => {
    const awaited = Object.keys(compose.services).flatMap((name) =>
      Object.entries(dependsOn(name))
        .filter(([, condition]) => condition === 'service_healthy')
        .map(([dependency]) => dependency),
    );
    expect(awaited.length).toBeGreaterThan(0);
    for (const name of new Set(awaited)) expect({ name, healthcheck: healthcheckCommand(name) }).toEqual({ name, healthcheck: expect.stringMatching(/\S/) });
  });

  it('when the api is running, then its healthcheck requests GET /health on the port the API listens on', () => {
    const port = withLocalDefaults(String(environmentOf('api').API_PORT ?? configSchema.shape.API_PORT.parse(undefined)));
    expect(healthcheckCommand('api')).toMatch(new RegExp(`https?://(127\\.0\\.0\\.1|localhost):${port}/health\\b`));
    expect(service('api').healthcheck?.disable).not.toBe(true);
  });

  it('when migrate has applied the migrations, then it is not restarted', () => {
    expect([undefined, 'no']).toContain(service('migrate').restart);
    expect(service('migrate').deploy?.replicas ?? 1).toBe(1);
  });

  it('when the worker is scaled out, then it runs two replicas with no fixed container name or host port', () => {
    const worker = service('worker');
    expect(worker.deploy?.replicas).toBe(2);
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? []).toEqual([]);
  });

  it('when the app containers are stopped, then an init process forwards SIGTERM to node', () => {
    for (const name of APP_SERVICES) expect({ name, init: service(name).init }).toEqual({ name, init: true });
  });

  it('when temporal starts, then it is a pinned temporalio/server on the compose PostgreSQL (postgres12), with its own databases', () => {
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.(29|[3-9]\d)\.\d+$/);
    const env = environmentOf('temporal');
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('postgres');
    expect(service(env.POSTGRES_SEEDS).image).toMatch(/^postgres:16(\b|$)/);
    expect(env.DB_PORT).toBe('5432');
    expect({ default: env.DBNAME, visibility: env.VISIBILITY_DBNAME }).toEqual({ default: 'temporal', visibility: 'temporal_visibility' });
    // not the service's database, nor its role
    const appUrl = new URL(withLocalDefaults(environmentOf('api').DATABASE_URL));
    expect([env.DBNAME, env.VISIBILITY_DBNAME]).not.toContain(appUrl.pathname.slice(1));
    expect(env.POSTGRES_USER).not.toBe(decodeURIComponent(appUrl.username));
  });

  it('when temporal is set up, then an admin-tools job of the same server version applies both schemas before the server starts', () => {
    const serverVersion = service('temporal').image!.split(':')[1];
    expect(service('temporal-schema').image).toMatch(new RegExp(`^temporalio/admin-tools:${serverVersion.replace(/\./g, '\\.')}(-[\\w.-]+)?$`));
    expect([undefined, 'no']).toContain(service('temporal-schema').restart);
    expect(dependsOn('temporal-schema')).toEqual(expect.objectContaining({ postgres: 'service_healthy' }));
    expect(dependsOn('temporal')).toEqual(expect.objectContaining({ 'temporal-schema': 'service_completed_successfully' }));
    const script = (commandOf('temporal-schema') ?? []).join(' ');
    for (const database of ['temporal', 'temporal_visibility']) expect(script).toContain(database);
    expect(script).toMatch(/temporal-sql-tool .*update-schema/);
    expect(script).toContain('/etc/temporal/schema/postgresql/v12/');
    const env = environmentOf('temporal-schema');
    expect({ user: env.SQL_USER, password: env.SQL_PASSWORD, plugin: env.SQL_PLUGIN }).toEqual({
      user: environmentOf('temporal').POSTGRES_USER,
      password: environmentOf('temporal').POSTGRES_PWD,
      plugin: 'postgres12',
    });
  });

  it('when the server answers, then a job registers the app\'s namespace with a retention of at least two years', () => {
    const version = service('temporal').image!.split(':')[1];
    expect(service('temporal-namespace').image).toMatch(new RegExp(`^temporalio/admin-tools:${version.replace(/\./g, '\\.')}`));
    const env = environmentOf('temporal-namespace');
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(withLocalDefaults(env.TEMPORAL_NAMESPACE)).toBe(withLocalDefaults(environmentOf('worker').TEMPORAL_NAMESPACE ?? 'default'));
    const hours = Number(/^(\d+)h$/.exec(withLocalDefaults(env.TEMPORAL_RETENTION))?.[1]);
    expect(hours).toBeGreaterThanOrEqual(2 * 365 * 24);
    const script = (commandOf('temporal-namespace') ?? []).join(' ');
    expect(script).toMatch(/namespace create .*--retention/);
    expect(script).toMatch(/namespace update .*--retention/);
  });

  it('when the Temporal UI starts, then it is a pinned temporalio/ui talking to temporal:7233 on port 8080', () => {
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(containerPorts('temporal-ui')).toContain(8080);
  });

  it('when postgres starts, then its data lives on a named volume', () => {
    const volumes = (service('postgres').volumes ?? []).map((v) => (typeof v === 'object' ? `${v.source}:${v.target}` : v));
    expect(volumes.some((v) => /^[A-Za-z][\w.-]*:\/var\/lib\/postgresql\/data$/.test(v))).toBe(true);
  });

  it('when a service bind-mounts a host path, then it exists in the repo, and the dynamic config temporal is told to read is there and parses', () => {
    const mounts = Object.keys(compose.services).flatMap((name) => bindMounts(name).map((mount) => ({ name, ...mount })));
    expect(mounts.length).toBeGreaterThan(0);
    for (const mount of mounts) expect({ ...mount, exists: exists(mount.source) }).toEqual({ ...mount, exists: true });

    // DYNAMIC_CONFIG_FILE_PATH is relative to /etc/temporal in the temporal image.
    const configPath = path.posix.join('/etc/temporal', environmentOf('temporal').DYNAMIC_CONFIG_FILE_PATH ?? '');
    const mount = bindMounts('temporal').find(({ target }) => configPath.startsWith(`${target}/`));
    expect(mount).toBeDefined();
    const hostFile = path.join(mount!.source, path.posix.relative(mount!.target, configPath));
    expect(exists(hostFile)).toBe(true);
    expect(parseYaml(read(hostFile))).toEqual(expect.any(Object));
  });

  it('when postgres is first initialised, then its init script creates the database and role the app connects with', () => {
    const initMount = bindMounts('postgres').find(({ target }) => target === '/docker-entrypoint-initdb.d');
    expect(initMount).toBeDefined();
    const scripts = fs.readdirSync(path.join(ROOT, initMount!.source)).filter((file) => /\.(sh|sql)$/.test(file));
    expect(scripts.length).toBeGreaterThan(0);
    const text = scripts.map((file) => read(path.join(initMount!.source, file))).join('\n');
    expect(text).toMatch(/CREATE DATABASE/);
    expect(text).toMatch(/CREATE ROLE/);

    const url = new URL(withLocalDefaults(environmentOf('api').DATABASE_URL));
    const postgresEnv = Object.fromEntries(Object.entries(environmentOf('postgres')).map(([k, v]) => [k, withLocalDefaults(v)]));
    expect({ user: postgresEnv.CAMPAIGNS_DB_USER, password: postgresEnv.CAMPAIGNS_DB_PASSWORD, database: postgresEnv.CAMPAIGNS_DB_NAME }).toEqual({
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
    for (const variable of ['CAMPAIGNS_DB_USER', 'CAMPAIGNS_DB_PASSWORD', 'CAMPAIGNS_DB_NAME']) expect(text).toContain(variable);
    // and Temporal's role is the one the init script creates, with the password postgres was given
    expect(environmentOf('temporal').POSTGRES_PWD).toBe(environmentOf('postgres').TEMPORAL_DB_PASSWORD);
    expect(text).toMatch(new RegExp(`CREATE ROLE ${environmentOf('temporal').POSTGRES_USER}\\b`));
  });

  it('when secrets are configured, then every password comes from an environment variable, with a default for local use only', () => {
    const secrets = Object.keys(compose.services).flatMap((name) =>
      Object.entries(environmentOf(name))
        .filter(([key]) => /PASSWORD|PWD|SECRET|TOKEN/.test(key))
        .map(([key, value]) => ({ name, key, value })),
    );
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret).toEqual({ ...secret, value: expect.stringMatching(/^\$\{[A-Z_]+:-[^}]+\}$/) });
    const databaseUrl = environmentOf('api').DATABASE_URL;
    expect(new URL(databaseUrl.replace(/\$\{[^}]*\}/g, 'x')).password).toBe('x');
  });
});

// ================================================================= Kubernetes (deploy/k8s)

interface K8sContainer {
  name: string;
  image?: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: unknown } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } | Record<string, string>;
    template?: { metadata?: { labels?: Record<string, string> }; spec: { containers: K8sContainer[]; volumes?: unknown[] } };
    scaleTargetRef?: { name: string };
    minReplicaCount?: number;
    triggers?: Array<{ type: string; metadata: Record<string, string> }>;
    ports?: Array<{ port: number; targetPort: string | number }>;
  };
}

const K8S_DIR = 'deploy/k8s';
const kustomization = parseYaml(read(`${K8S_DIR}/kustomization.yaml`)) as { resources: string[]; images?: Array<{ name: string; newName?: string; newTag?: string }> };
const k8sObjects: K8sObject[] = kustomization.resources.flatMap((file) =>
  read(`${K8S_DIR}/${file}`)
    .split(/^---$/m)
    .map((doc) => parseYaml(doc) as K8sObject | null)
    .filter((doc): doc is K8sObject => Boolean(doc)),
);
const k8s = (kind: string, name: string): K8sObject => {
  const found = k8sObjects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`deploy/k8s has no ${kind} ${name}`);
  return found;
};
const containerOf = (kind: string, name: string) => k8s(kind, name).spec!.template!.spec.containers[0];
const configMap = k8s('ConfigMap', 'campaigns-config').data ?? {};
/** Every variable a container gets: its own env and the ConfigMaps it loads. */
function envNames(container: K8sContainer): string[] {
  const fromMaps = (container.envFrom ?? []).flatMap((source) => (source.configMapRef ? Object.keys(k8s('ConfigMap', source.configMapRef.name).data ?? {}) : []));
  return [...fromMaps, ...(container.env ?? []).map((e) => e.name)];
}

describe('the Kubernetes manifests (deploy/k8s)', () => {
  it('when kustomize reads the folder, then every resource it lists exists and parses, and the app image is pinned to a tag', () => {
    for (const file of kustomization.resources) expect({ file, exists: exists(`${K8S_DIR}/${file}`) }).toEqual({ file, exists: true });
    const image = kustomization.images?.find((i) => i.name === 'campaign-orchestrator');
    expect(image?.newTag).toMatch(/^\d+\.\d+\.\d+$/);
    for (const o of k8sObjects.filter((x) => x.spec?.template)) {
      for (const c of o.spec!.template!.spec.containers) expect({ object: o.metadata.name, image: c.image }).toEqual({ object: o.metadata.name, image: 'campaign-orchestrator' });
    }
  });

  it('when the api and worker run, then they run the same entry points as the image, and every variable they get is one config/env.ts reads', () => {
    expect(containerOf('Deployment', 'campaigns-api').command).toEqual(['node', 'dist/api/main.js']);
    expect(containerOf('Deployment', 'campaigns-worker').command).toEqual(['node', 'dist/worker/main.js']);
    expect(containerOf('Job', 'campaigns-migrate').command).toEqual(['node', 'dist/scripts/migrate.js']);
    const known = Object.keys(configSchema.shape);
    for (const [kind, name] of [['Deployment', 'campaigns-api'], ['Deployment', 'campaigns-worker'], ['Job', 'campaigns-migrate']] as const) {
      const names = envNames(containerOf(kind, name));
      expect({ name, unknown: names.filter((n) => !known.includes(n)) }).toEqual({ name, unknown: [] });
      expect({ name, hasDatabase: names.includes('DATABASE_URL') }).toEqual({ name, hasDatabase: true });
    }
    // and configSchema accepts the ConfigMap's values
    const parsed = configSchema.safeParse({ ...configMap, DATABASE_URL: 'postgres://u:p@db:5432/campaigns' });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('when secrets are needed, then they come from the cluster\'s Secret, never from a value in the repository', () => {
    for (const o of k8sObjects.filter((x) => x.spec?.template)) {
      for (const variable of o.spec!.template!.spec.containers.flatMap((c) => c.env ?? [])) {
        if (/DATABASE_URL|PASSWORD|SECRET|TOKEN/.test(variable.name)) {
          expect({ variable: variable.name, value: variable.value, secret: variable.valueFrom?.secretKeyRef?.name }).toEqual({ variable: variable.name, value: undefined, secret: 'campaigns-secrets' });
        }
      }
    }
    expect(k8sObjects.some((o) => o.kind === 'Secret')).toBe(false);
    for (const key of Object.keys(configMap)) expect(key).not.toMatch(/PASSWORD|SECRET|TOKEN|DATABASE_URL/);
  });

  it('when probes run, then the api\'s liveness asks /health and its readiness /ready on the port it listens on, and the worker is probed on its metrics port', () => {
    const api = containerOf('Deployment', 'campaigns-api');
    const apiPort = Number(api.env?.find((e) => e.name === 'API_PORT')?.value);
    const named = (c: K8sContainer, port: string | number) => (typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort);
    expect({ path: api.livenessProbe?.httpGet?.path, port: named(api, api.livenessProbe!.httpGet!.port) }).toEqual({ path: '/health', port: apiPort });
    expect({ path: api.readinessProbe?.httpGet?.path, port: named(api, api.readinessProbe!.httpGet!.port) }).toEqual({ path: '/ready', port: apiPort });
    const worker = containerOf('Deployment', 'campaigns-worker');
    const metricsPort = Number(worker.env?.find((e) => e.name === 'WORKER_METRICS_PORT')?.value);
    expect(named(worker, worker.livenessProbe!.httpGet!.port)).toBe(metricsPort);
    expect(named(worker, worker.readinessProbe!.httpGet!.port)).toBe(metricsPort);
    expect(worker.env?.find((e) => e.name === 'WORKER_METRICS_HOST')?.value).toBe('0.0.0.0');
  });

  it('when the api is scaled, then its Service selects the Deployment\'s pods on the http port', () => {
    const deployment = k8s('Deployment', 'campaigns-api');
    const serviceSpec = k8s('Service', 'campaigns-api').spec!;
    expect(deployment.spec!.template!.metadata!.labels).toEqual(expect.objectContaining(serviceSpec.selector as Record<string, string>));
    expect(serviceSpec.ports?.[0].targetPort).toBe('http');
    expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
  });

  it('when the worker backlog grows, then KEDA scales the worker Deployment on the Temporal task queue the workers poll', () => {
    const scaled = k8s('ScaledObject', 'campaigns-worker');
    expect(scaled.spec!.scaleTargetRef!.name).toBe('campaigns-worker');
    expect(scaled.spec!.minReplicaCount).toBeGreaterThanOrEqual(1);
    const trigger = scaled.spec!.triggers!.find((t) => t.type === 'temporal');
    expect(trigger).toBeDefined();
    expect(trigger!.metadata).toEqual(expect.objectContaining({ taskQueue: configMap.TEMPORAL_TASK_QUEUE, namespace: configMap.TEMPORAL_NAMESPACE, endpoint: configMap.TEMPORAL_ADDRESS }));
    expect(Number(trigger!.metadata.targetQueueSize)).toBeGreaterThan(0);
  });

  it('when pods run, then they run as the image\'s non-root user without privilege escalation, on a read-only root with a writable /tmp', () => {
    for (const o of k8sObjects.filter((x) => x.spec?.template)) {
      for (const c of o.spec!.template!.spec.containers) {
        expect({ name: o.metadata.name, ...c.securityContext }).toEqual(expect.objectContaining({ name: o.metadata.name, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }));
      }
      expect(o.spec!.template!.spec.volumes ?? []).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'tmp', emptyDir: {} })]));
    }
  });
});
