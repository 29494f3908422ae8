import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { RuntimeConfig, loadConfig } from '../../../src/config/index.js';
import { parseSecretKey } from '../../../src/common/index.js';
import { last, parseDockerfile } from './support/dockerfile.js';
import { K8S, parseYamlDocuments, readRepoFile, repoPathExists, yamlFilesUnder } from './support/repo.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const files = yamlFilesUnder(K8S);
const docsByFile = new Map(files.map((f) => [f, parseYamlDocuments(f)]));

/** The objects a kustomization renders: its own resources plus those of the folders it includes. */
function render(dir: string): Obj[] {
  const kustomization = parseYamlDocuments(`${dir}/kustomization.yaml`)[0] as Obj;
  const out: Obj[] = [];
  for (const resource of kustomization.resources as string[]) {
    const path = posix.normalize(`${dir}/${resource}`);
    if (path.endsWith('.yaml') || path.endsWith('.yml')) out.push(...(parseYamlDocuments(path) as Obj[]));
    else out.push(...render(path));
  }
  return out;
}

const VARIANTS = ['docker/k8s/postgres', 'docker/k8s/sqlite'] as const;
const one = (objects: Obj[], kind: string): Obj => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found.map((o) => `${kind}/${o.metadata.name}`)).toHaveLength(1);
  return found[0];
};

const dockerUser = last(parseDockerfile(readRepoFile('docker/Dockerfile')).stages.at(-1)!, 'USER')!.args.split(':').map(Number);

describe('docker/k8s manifests', () => {
  it('parse as YAML, every document a Kubernetes object with apiVersion, kind and a name', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const [file, docs] of docsByFile) {
      expect({ file, docs: docs.length > 0 }).toEqual({ file, docs: true });
      for (const doc of docs) {
        expect(typeof doc.apiVersion).toBe('string');
        expect(typeof doc.kind).toBe('string');
        if (doc.kind !== 'Kustomization') expect((doc.metadata as Obj)?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      }
    }
  });

  it('are all reachable from a variant kustomization, and every listed resource exists', () => {
    const listed = new Set<string>();
    const walk = (dir: string) => {
      listed.add(`${dir}/kustomization.yaml`);
      for (const r of (parseYamlDocuments(`${dir}/kustomization.yaml`)[0] as Obj).resources as string[]) {
        const path = posix.normalize(`${dir}/${r}`);
        expect({ path, exists: repoPathExists(path) }).toEqual({ path, exists: true });
        if (/\.ya?ml$/.test(path)) listed.add(path);
        else walk(path);
      }
    };
    VARIANTS.forEach(walk);
    expect(files.filter((f) => !listed.has(f))).toEqual([]);
  });

  describe.each(VARIANTS)('%s', (variant) => {
    const objects = render(variant);
    const deployment = one(objects, 'Deployment');
    const pod = deployment.spec.template.spec as Obj;
    const container = (pod.containers as Obj[])[0];
    const env = new Map((container.env as Obj[]).map((e) => [e.name as string, e]));
    const portNamed = (port: string | number) =>
      typeof port === 'number' ? port : (container.ports as Obj[]).find((p) => p.name === port)?.containerPort;

    it('has one container listening on 8080 (the app default and the Dockerfile EXPOSE)', () => {
      expect(pod.containers).toHaveLength(1);
      expect(container.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: 8080 })]);
    });

    it('probes liveness on /health, readiness on /health/ready and startup on /health, all on 8080', () => {
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(portNamed(container.livenessProbe.httpGet.port)).toBe(8080);
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(portNamed(container.readinessProbe.httpGet.port)).toBe(8080);
      expect(container.startupProbe.httpGet.path).toBe('/health');
      expect(portNamed(container.startupProbe.httpGet.port)).toBe(8080);
      // Startup allows time for migrations; liveness never restarts a busy pod on one slow answer.
      expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(60);
      expect(container.livenessProbe.failureThreshold).toBeGreaterThanOrEqual(3);
    });

    it('gives the pod longer to stop than the drain time plus the preStop delay', () => {
      const drain = Number(env.get('GOPHERGATE_DRAIN_SECONDS')?.value ?? new RuntimeConfig().drain_seconds);
      expect(drain).toBe(30);
      const preStop = container.lifecycle?.preStop;
      const preStopSeconds = preStop?.sleep?.seconds ?? Number((preStop?.exec?.command as string[] | undefined)?.[1] ?? 0);
      expect((preStop?.exec?.command as string[] | undefined)?.[0] ?? 'sleep').toBe('sleep');
      expect(preStopSeconds).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain + preStopSeconds);
    });

    it('runs non-root (the Dockerfile user), read-only root, no capabilities, RuntimeDefault seccomp', () => {
      const [uid, gid] = dockerUser;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext.capabilities.add ?? []).toEqual([]);
      expect(container.securityContext.privileged ?? false).toBe(false);
      expect(pod.automountServiceAccountToken).toBe(false);
      // Service links would inject GOPHERGATE_*_PORT=tcp://… variables that the config loader reads as keys.
      expect(pod.enableServiceLinks).toBe(false);
    });

    it('sets resource requests and limits', () => {
      expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      expect(container.resources.limits).toEqual(expect.objectContaining({ memory: expect.anything() }));
    });

    it('mounts a writable /tmp, the /data volume DATA_DIR names, and the config file GOPHERGATE_CONFIG names', () => {
      const mounts = new Map((container.volumeMounts as Obj[]).map((m) => [m.mountPath as string, m]));
      const volumes = new Map((pod.volumes as Obj[]).map((v) => [v.name as string, v]));
      expect(volumes.get(mounts.get('/tmp')!.name)!.emptyDir).toBeDefined();
      expect(env.get('DATA_DIR')!.value).toBe('/data');
      expect(mounts.get('/data')!.readOnly ?? false).toBe(false);
      expect(volumes.get(mounts.get('/data')!.name)).toBeDefined();
      const configPath = env.get('GOPHERGATE_CONFIG')!.value as string;
      const configMount = mounts.get(dirname(configPath))!;
      expect(configMount.readOnly).toBe(true);
      const configVolume = volumes.get(configMount.name)!.configMap as Obj;
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configVolume.name)!;
      const item = (configVolume.items as Obj[]).find((i) => i.path === posix.basename(configPath))!;
      expect(configMap.data[item.key]).toEqual(expect.any(String));
    });

    it('takes every secret it references from the Secret, which holds only clearly marked placeholders', () => {
      const secret = one(objects, 'Secret');
      const data = secret.stringData as Record<string, string>;
      for (const e of env.values()) {
        const ref = e.valueFrom?.secretKeyRef;
        if (!ref) continue;
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(data)).toContain(ref.key);
      }
      expect(Object.keys(data).sort()).toEqual(['DATABASE_URL', 'GOPHERGATE_ADMIN_PASSWORD', 'GOPHERGATE_SECRET_KEY', 'REDIS_URL']);
      for (const value of Object.values(data)) expect(value).toContain('REPLACE_ME');
      // A forgotten placeholder fails at start instead of silently encrypting with a known key.
      expect(parseSecretKey(data.GOPHERGATE_SECRET_KEY)).toBeNull();
      // No secret is written inline in the Deployment.
      for (const name of ['GOPHERGATE_SECRET_KEY', 'GOPHERGATE_ADMIN_PASSWORD', 'DATABASE_URL', 'REDIS_URL']) {
        if (env.has(name)) expect(env.get(name)!.value).toBeUndefined();
      }
    });

    it('exposes a Service on port 80 that reaches the pods on 8080', () => {
      const service = one(objects, 'Service');
      expect(service.spec.ports).toEqual([expect.objectContaining({ port: 80 })]);
      expect(portNamed(service.spec.ports[0].targetPort)).toBe(8080);
      const labels = deployment.spec.template.metadata.labels as Record<string, string>;
      expect(labels).toMatchObject(service.spec.selector);
      expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    });

    it('believes the one proxy in front of the Service (trust_proxy: one hop), so sign-in throttling sees real clients', () => {
      const configMap = one(objects, 'ConfigMap');
      const dir = mkdtempSync(join(tmpdir(), 'gg-k8s-'));
      try {
        writeFileSync(join(dir, 'config.yaml'), configMap.data['config.yaml']);
        const config = loadConfig({ DATA_DIR: join(dir, 'data'), GOPHERGATE_CONFIG: join(dir, 'config.yaml') }, dir);
        expect(config.server.trust_proxy).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has a config.yaml the application itself accepts, with the Deployment environment on top', () => {
      const configMap = one(objects, 'ConfigMap');
      const dir = mkdtempSync(join(tmpdir(), 'gg-k8s-'));
      try {
        writeFileSync(join(dir, 'config.yaml'), configMap.data['config.yaml']);
        const literal = Object.fromEntries([...env.values()].filter((e) => typeof e.value === 'string').map((e) => [e.name, e.value]));
        const config = loadConfig({ ...literal, DATA_DIR: join(dir, 'data'), GOPHERGATE_CONFIG: join(dir, 'config.yaml') }, dir);
        expect(config.server.port).toBe(8080);
        expect(config.runtime.drain_seconds).toBe(30);
        expect(config.runtime.config_path).toBe(join(dir, 'config.yaml'));
        expect(config.database.url).toBe('');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the PostgreSQL variant (many replicas)', () => {
    const objects = render('docker/k8s/postgres');
    const deployment = one(objects, 'Deployment');
    const labels = deployment.spec.template.metadata.labels;
    const env = new Map((deployment.spec.template.spec.containers[0].env as Obj[]).map((e) => [e.name as string, e]));

    it('reads DATABASE_URL from the Secret and REDIS_URL optionally, and rolls without losing capacity', () => {
      expect(env.get('DATABASE_URL')!.valueFrom.secretKeyRef.key).toBe('DATABASE_URL');
      expect(env.get('REDIS_URL')!.valueFrom.secretKeyRef).toMatchObject({ key: 'REDIS_URL', optional: true });
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(deployment.spec.strategy).toMatchObject({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } });
    });

    it('has a PodDisruptionBudget that selects the pods and keeps one serving', () => {
      const pdb = one(objects, 'PodDisruptionBudget');
      expect(pdb.apiVersion).toBe('policy/v1');
      expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
      expect(pdb.spec.minAvailable ?? 0).toBeGreaterThanOrEqual(1);
      expect(pdb.spec.minAvailable).toBeLessThan(one(objects, 'HorizontalPodAutoscaler').spec.minReplicas);
    });

    it('has a HorizontalPodAutoscaler on the Deployment, at least 2 replicas, scaling on CPU (which has a request)', () => {
      const hpa = one(objects, 'HorizontalPodAutoscaler');
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
    });
  });

  describe('the SQLite variant (one replica on a PersistentVolumeClaim)', () => {
    const objects = render('docker/k8s/sqlite');
    const deployment = one(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    const env = new Map((pod.containers[0].env as Obj[]).map((e) => [e.name as string, e]));

    it('runs exactly one replica, recreated (never two writers), with no autoscaler', () => {
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy.type).toBe('Recreate');
      expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
      expect(env.has('DATABASE_URL')).toBe(false);
      expect(env.has('REDIS_URL')).toBe(false);
    });

    it('keeps /data on the PersistentVolumeClaim it ships', () => {
      const pvc = one(objects, 'PersistentVolumeClaim');
      const dataMount = (pod.containers[0].volumeMounts as Obj[]).find((m) => m.mountPath === '/data')!;
      const volume = (pod.volumes as Obj[]).find((v) => v.name === dataMount.name)!;
      expect(volume.persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
      expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(pvc.spec.resources.requests.storage).toMatch(/^\d+(Gi|Mi)$/);
    });
  });

  it('document the SQLite (one replica, PVC) versus PostgreSQL (many replicas, Redis) choice', () => {
    const readme = readRepoFile('docker/k8s/README.md');
    expect(readme).toMatch(/SQLite/);
    expect(readme).toMatch(/PersistentVolumeClaim/);
    expect(readme).toMatch(/PostgreSQL/);
    expect(readme).toMatch(/Redis/);
    expect(readme).toMatch(/kubectl apply -k docker\/k8s\/postgres/);
    expect(readme).toMatch(/kubectl apply -k docker\/k8s\/sqlite/);
  });
});
