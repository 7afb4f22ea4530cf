// Command netpol-verdict answers, for each flow in a JSON request on stdin, whether a set of
// NetworkPolicies allows it. The decision is made by the matcher of cyclonus
// (github.com/mattfenwick/cyclonus/pkg/matcher), an implementation of the Kubernetes
// NetworkPolicy semantics written apart from this project's builders, so the tests of the
// generated policies do not grade the builders with their own reading of the API.
//
// Request:  {"policies": [NetworkPolicy...], "flows": [Flow...]}
// Response: {"verdicts": [{"name", "allowed", "ingressAllowed", "egressAllowed"}...]}
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Peer is one end of a flow: a pod (namespace, namespace labels, pod labels, IP) or, when
// Namespace is empty, an address outside the cluster.
type Peer struct {
	Namespace       string            `json:"namespace,omitempty"`
	NamespaceLabels map[string]string `json:"namespaceLabels,omitempty"`
	PodLabels       map[string]string `json:"podLabels,omitempty"`
	IP              string            `json:"ip"`
}

// Flow is one connection attempt: source, destination, destination port and protocol.
type Flow struct {
	Name        string `json:"name"`
	Source      Peer   `json:"source"`
	Destination Peer   `json:"destination"`
	Port        int    `json:"port"`
	PortName    string `json:"portName,omitempty"`
	Protocol    string `json:"protocol"`
}

type request struct {
	Policies []*networkingv1.NetworkPolicy `json:"policies"`
	Flows    []Flow                        `json:"flows"`
}

type verdict struct {
	Name           string `json:"name"`
	Allowed        bool   `json:"allowed"`
	IngressAllowed bool   `json:"ingressAllowed"`
	EgressAllowed  bool   `json:"egressAllowed"`
}

func main() {
	var req request
	decoder := json.NewDecoder(os.Stdin)
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "invalid request on stdin: %v\n", err)
		os.Exit(2)
	}
	for _, policy := range req.Policies {
		defaultPolicyTypes(policy)
	}
	for _, flow := range req.Flows {
		// The matcher panics on an address it cannot parse; reject the request instead.
		for _, ip := range []string{flow.Source.IP, flow.Destination.IP} {
			if net.ParseIP(ip) == nil {
				fmt.Fprintf(os.Stderr, "flow %q has an invalid IP address %q\n", flow.Name, ip)
				os.Exit(2)
			}
		}
	}
	policy := matcher.BuildNetworkPolicies(false, req.Policies)
	verdicts := make([]verdict, 0, len(req.Flows))
	for _, flow := range req.Flows {
		result := policy.IsTrafficAllowed(&matcher.Traffic{
			Source:           trafficPeer(flow.Source),
			Destination:      trafficPeer(flow.Destination),
			ResolvedPort:     flow.Port,
			ResolvedPortName: flow.PortName,
			Protocol:         v1.Protocol(flow.Protocol),
		})
		verdicts = append(verdicts, verdict{
			Name:           flow.Name,
			Allowed:        result.IsAllowed(),
			IngressAllowed: result.Ingress.IsAllowed(),
			EgressAllowed:  result.Egress.IsAllowed(),
		})
	}
	encoder := json.NewEncoder(os.Stdout)
	if err := encoder.Encode(map[string]any{"verdicts": verdicts}); err != nil {
		fmt.Fprintf(os.Stderr, "failed to write the verdicts: %v\n", err)
		os.Exit(1)
	}
}

// defaultPolicyTypes fills spec.policyTypes the way the API server does on create: Ingress
// always, Egress when the policy has egress rules. The matcher rejects a policy without them.
func defaultPolicyTypes(policy *networkingv1.NetworkPolicy) {
	if len(policy.Spec.PolicyTypes) > 0 {
		return
	}
	policy.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
	if len(policy.Spec.Egress) > 0 {
		policy.Spec.PolicyTypes = append(policy.Spec.PolicyTypes, networkingv1.PolicyTypeEgress)
	}
}

func trafficPeer(peer Peer) *matcher.TrafficPeer {
	if peer.Namespace == "" {
		return &matcher.TrafficPeer{IP: peer.IP}
	}
	return &matcher.TrafficPeer{
		IP: peer.IP,
		Internal: &matcher.InternalPeer{
			Namespace:       peer.Namespace,
			NamespaceLabels: peer.NamespaceLabels,
			PodLabels:       peer.PodLabels,
		},
	}
}
