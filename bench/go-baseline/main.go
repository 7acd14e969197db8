// A Go controller-runtime admission webhook with hco-guard's upgrade gate reduced to its storage rule, for the
// native benchmark's baseline (bench/README.md, section 7): the same endpoints, TLS certificate, watched kinds
// and slim caches, so its start-up, memory and throughput are a like-for-like reference for the platform cost.
//
// What it judges: POST /validate-upgrade denies a ClusterVersion update that sets a new spec.desiredUpdate while
// a running VMI with evictionStrategy LiveMigrate or External has a PVC (directly or through a DataVolume of the
// same name) on a hostpath provisioner's StorageClass or without ReadWriteMany; POST /validate-hyperconverged
// denies workloadUpdateMethods other than LiveMigrate and Evict. As in hco-guard, a decision reads an index of
// the blocking VMIs that the VMI watch's events keep (a first version listed the cache per request: 10,000
// deep-copied VMIs a decision, which at 1,000 req/s grew to 22 GB and answered nothing). Not ported: SR-IOV, host devices, GPUs,
// hostDisk, KubeVirt's condition, the cluster default strategy, run strategies, overrides, Events, the report.
//
// Environment: GUARD_TLS_CERT, GUARD_TLS_KEY (PEM files), HTTPS_PORT, PROBE_PORT (healthz/readyz),
// METRICS_PORT, KUBECONFIG. Everything listens on 127.0.0.1.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	toolscache "k8s.io/client-go/tools/cache"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

var (
	vmiGVK = schema.GroupVersionKind{Group: "kubevirt.io", Version: "v1", Kind: "VirtualMachineInstance"}
	vmGVK  = schema.GroupVersionKind{Group: "kubevirt.io", Version: "v1", Kind: "VirtualMachine"}

	hostpathProvisioners = map[string]bool{"kubevirt.io.hostpath-provisioner": true, "kubevirt.io/hostpath-provisioner": true}
	maxListed            = 10
)

func main() {
	ctrl.SetLogger(logr.Discard()) // quiet, as a webhook in production logs little
	cert, key := os.Getenv("GUARD_TLS_CERT"), os.Getenv("GUARD_TLS_KEY")
	scheme := runtime.NewScheme()
	must(clientgoscheme.AddToScheme(scheme))

	vmi := unstructuredOf(vmiGVK)
	vm := unstructuredOf(vmGVK)
	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: "127.0.0.1:" + port("METRICS_PORT")},
		HealthProbeBindAddress: "127.0.0.1:" + port("PROBE_PORT"),
		WebhookServer: webhook.NewServer(webhook.Options{
			Host: "127.0.0.1", Port: atoi(port("HTTPS_PORT")),
			CertDir: filepath.Dir(cert), CertName: filepath.Base(cert), KeyName: filepath.Base(key),
		}),
		// Slim caches, as hco-guard keeps: only what the rule reads.
		Cache: cache.Options{
			DefaultTransform: cache.TransformStripManagedFields(),
			ByObject: map[client.Object]cache.ByObject{
				vmi:                             {Transform: keep([]string{"spec", "evictionStrategy"}, []string{"spec", "volumes"}, []string{"status", "phase"})},
				vm:                              {Transform: keep([]string{"spec", "runStrategy"}, []string{"spec", "running"})},
				&corev1.PersistentVolumeClaim{}: {Transform: slimPvc},
			},
		},
	})
	must(err)

	ctx := ctrl.SetupSignalHandler()
	var synced atomic.Bool
	for _, obj := range []client.Object{vm, &corev1.PersistentVolumeClaim{}, &storagev1.StorageClass{}} {
		_, err := mgr.GetCache().GetInformer(ctx, obj)
		must(err)
	}
	go func() { synced.Store(mgr.GetCache().WaitForCacheSync(ctx)) }()
	must(mgr.AddHealthzCheck("ping", healthz.Ping))
	must(mgr.AddReadyzCheck("cache", func(*http.Request) error {
		if !synced.Load() {
			return fmt.Errorf("caches not synced")
		}
		return nil
	}))

	// As hco-guard does, a decision reads an index kept by the watches' events, never a list of the cache.
	idx := &index{reader: mgr.GetCache(), blocking: map[string]string{}}
	vmis, err := mgr.GetCache().GetInformer(ctx, vmi)
	must(err)
	_, err = vmis.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj interface{}) { idx.vmiChanged(ctx, obj) },
		UpdateFunc: func(_, obj interface{}) { idx.vmiChanged(ctx, obj) },
		DeleteFunc: func(obj interface{}) { idx.vmiDeleted(obj) },
	})
	must(err)
	for _, obj := range []client.Object{&corev1.PersistentVolumeClaim{}, &storagev1.StorageClass{}} {
		informer, err := mgr.GetCache().GetInformer(ctx, obj)
		must(err)
		_, err = informer.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
			AddFunc:    func(interface{}) { idx.dirty.Store(true) },
			UpdateFunc: func(_, _ interface{}) { idx.dirty.Store(true) },
			DeleteFunc: func(interface{}) { idx.dirty.Store(true) },
		})
		must(err)
	}
	mgr.GetWebhookServer().Register("/validate-upgrade", &webhook.Admission{Handler: admission.HandlerFunc(
		func(ctx context.Context, req admission.Request) admission.Response {
			if req.Kind.Kind != "ClusterVersion" || !desiredUpdateChanged(req) {
				return admission.Allowed("")
			}
			if !synced.Load() {
				return admission.Denied("Cluster upgrade blocked: the view of VMIs and PVCs is not synced yet.")
			}
			blocking, err := idx.blockers(ctx)
			if err != nil {
				return admission.Errored(http.StatusInternalServerError, err)
			}
			if len(blocking) == 0 {
				return admission.Allowed("")
			}
			return admission.Denied(message(blocking))
		})})
	mgr.GetWebhookServer().Register("/validate-hyperconverged", &webhook.Admission{Handler: admission.HandlerFunc(
		func(ctx context.Context, req admission.Request) admission.Response {
			var hco struct {
				Spec struct {
					WorkloadUpdateStrategy struct {
						WorkloadUpdateMethods []string `json:"workloadUpdateMethods"`
					} `json:"workloadUpdateStrategy"`
				} `json:"spec"`
			}
			if err := json.Unmarshal(req.Object.Raw, &hco); err != nil {
				return admission.Errored(http.StatusBadRequest, err)
			}
			for i, m := range hco.Spec.WorkloadUpdateStrategy.WorkloadUpdateMethods {
				if m != "LiveMigrate" && m != "Evict" {
					return admission.Denied(fmt.Sprintf("spec.workloadUpdateStrategy.workloadUpdateMethods[%d]: must be one of "+
						"\"LiveMigrate\", \"Evict\", got %q", i, m))
				}
			}
			return admission.Allowed("")
		})})
	must(mgr.Start(ctx))
}

// index: the blocking VMIs, "ns/name" -> "ns/name: PVC x on hostpath storage; evictionStrategy=...", kept by the
// VMI informer's events; a PVC or StorageClass event marks it dirty and the next decision re-reads every VMI once.
type index struct {
	reader   client.Reader
	mu       sync.RWMutex
	blocking map[string]string
	dirty    atomic.Bool
}

func (x *index) vmiChanged(ctx context.Context, obj interface{}) {
	vmi, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return
	}
	line := x.judge(ctx, vmi)
	x.mu.Lock()
	defer x.mu.Unlock()
	if line == "" {
		delete(x.blocking, ref(vmi))
	} else {
		x.blocking[ref(vmi)] = line
	}
}

func (x *index) vmiDeleted(obj interface{}) {
	if gone, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		obj = gone.Obj
	}
	if vmi, ok := obj.(*unstructured.Unstructured); ok {
		x.mu.Lock()
		delete(x.blocking, ref(vmi))
		x.mu.Unlock()
	}
}

// blockers: the sorted lines of the blocking VMIs.
func (x *index) blockers(ctx context.Context) ([]string, error) {
	if x.dirty.Swap(false) {
		vmis := &unstructured.UnstructuredList{}
		vmis.SetGroupVersionKind(vmiGVK.GroupVersion().WithKind("VirtualMachineInstanceList"))
		if err := x.reader.List(ctx, vmis, client.UnsafeDisableDeepCopy); err != nil {
			x.dirty.Store(true)
			return nil, err
		}
		rebuilt := map[string]string{}
		for i := range vmis.Items {
			if line := x.judge(ctx, &vmis.Items[i]); line != "" {
				rebuilt[ref(&vmis.Items[i])] = line
			}
		}
		x.mu.Lock()
		x.blocking = rebuilt
		x.mu.Unlock()
	}
	x.mu.RLock()
	out := make([]string, 0, len(x.blocking))
	for _, line := range x.blocking {
		out = append(out, line)
	}
	x.mu.RUnlock()
	sort.Strings(out)
	return out, nil
}

// judge: the VMI's line when it is running, would refuse eviction, and a PVC pins it to its node; else "".
func (x *index) judge(ctx context.Context, vmi *unstructured.Unstructured) string {
	phase, _, _ := unstructured.NestedString(vmi.Object, "status", "phase")
	strategy, _, _ := unstructured.NestedString(vmi.Object, "spec", "evictionStrategy")
	if phase != "Running" || (strategy != "LiveMigrate" && strategy != "External") {
		return ""
	}
	volumes, _, _ := unstructured.NestedSlice(vmi.Object, "spec", "volumes")
	for _, v := range volumes {
		volume, _ := v.(map[string]interface{})
		claim, _, _ := unstructured.NestedString(volume, "persistentVolumeClaim", "claimName")
		if claim == "" {
			claim, _, _ = unstructured.NestedString(volume, "dataVolume", "name")
		}
		if claim == "" {
			continue
		}
		if why := pinned(ctx, x.reader, vmi.GetNamespace(), claim); why != "" {
			return ref(vmi) + ": " + why + "; evictionStrategy=" + strategy
		}
	}
	return ""
}

func ref(obj *unstructured.Unstructured) string {
	return obj.GetNamespace() + "/" + obj.GetName()
}

// pinned says why the PVC keeps its VMI on its node, or "" when it does not.
func pinned(ctx context.Context, c client.Reader, namespace, name string) string {
	pvc := &corev1.PersistentVolumeClaim{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, pvc); err != nil {
		return ""
	}
	if pvc.Spec.StorageClassName != nil {
		sc := &storagev1.StorageClass{}
		if c.Get(ctx, client.ObjectKey{Name: *pvc.Spec.StorageClassName}, sc) == nil && hostpathProvisioners[sc.Provisioner] {
			return "PVC " + name + " on hostpath storage"
		}
	}
	for _, mode := range pvc.Spec.AccessModes {
		if mode == corev1.ReadWriteMany {
			return ""
		}
	}
	return "PVC " + name + " is not ReadWriteMany"
}

func message(blocking []string) string {
	lines := []string{fmt.Sprintf("Cluster upgrade blocked: %d running VMIs cannot live migrate: %d would stall node drains.",
		len(blocking), len(blocking))}
	for i, b := range blocking {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("and %d more", len(blocking)-maxListed))
			break
		}
		lines = append(lines, "- "+b)
	}
	return strings.Join(lines, "\n")
}

func desiredUpdateChanged(req admission.Request) bool {
	var object, old struct {
		Spec struct {
			DesiredUpdate json.RawMessage `json:"desiredUpdate"`
		} `json:"spec"`
	}
	if json.Unmarshal(req.Object.Raw, &object) != nil || len(object.Spec.DesiredUpdate) == 0 {
		return false
	}
	_ = json.Unmarshal(req.OldObject.Raw, &old)
	return string(object.Spec.DesiredUpdate) != string(old.Spec.DesiredUpdate)
}

// keep returns a cache transform that keeps an unstructured object's identity and the given fields only.
func keep(paths ...[]string) func(interface{}) (interface{}, error) {
	return func(in interface{}) (interface{}, error) {
		u, ok := in.(*unstructured.Unstructured)
		if !ok {
			return in, nil
		}
		slim := &unstructured.Unstructured{Object: map[string]interface{}{}}
		slim.SetGroupVersionKind(u.GroupVersionKind())
		slim.SetNamespace(u.GetNamespace())
		slim.SetName(u.GetName())
		slim.SetUID(u.GetUID())
		slim.SetResourceVersion(u.GetResourceVersion())
		for _, path := range paths {
			if value, found, _ := unstructured.NestedFieldNoCopy(u.Object, path...); found {
				_ = unstructured.SetNestedField(slim.Object, value, path...)
			}
		}
		return slim, nil
	}
}

func slimPvc(in interface{}) (interface{}, error) {
	pvc, ok := in.(*corev1.PersistentVolumeClaim)
	if !ok {
		return in, nil
	}
	slim := &corev1.PersistentVolumeClaim{}
	slim.Namespace, slim.Name, slim.UID, slim.ResourceVersion = pvc.Namespace, pvc.Name, pvc.UID, pvc.ResourceVersion
	slim.Spec.StorageClassName = pvc.Spec.StorageClassName
	slim.Spec.AccessModes = pvc.Spec.AccessModes
	return slim, nil
}

func unstructuredOf(gvk schema.GroupVersionKind) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvk)
	return u
}

func port(name string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	panic(name + " is not set")
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	must(err)
	return n
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
