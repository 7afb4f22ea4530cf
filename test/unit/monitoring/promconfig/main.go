// Command promconfig loads a Prometheus configuration file with upstream Prometheus's own loader
// (github.com/prometheus/prometheus/config, module v0.42.0, which is Prometheus 2.42.0) and
// prints SUCCESS or the error. Debian's promtool is built without Kubernetes service discovery,
// so it rejects every `kubernetes_sd_configs` block. This loader registers the Kubernetes
// discovery and checks those blocks too.
package main

import (
	"fmt"
	"os"

	"github.com/prometheus/prometheus/config"
	_ "github.com/prometheus/prometheus/discovery/kubernetes"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: promconfig FILE")
		os.Exit(2)
	}
	if _, err := config.LoadFile(os.Args[1], false, false, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("SUCCESS")
}
