module gdpr-jitsi-operator/test/argocd

go 1.23

require github.com/yuin/gopher-lua v1.1.2
