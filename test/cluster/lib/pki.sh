# Certificates and kubeconfigs for the local control plane, made with openssl. Sourced by up.sh.
# The cluster CA signs the API server's serving certificate and every client certificate, so the
# API server trusts exactly the identities made here (and the node identities tests make from
# it). A separate front-proxy CA signs the aggregation layer's client certificate: the API
# server trusts request headers only from certificates of that CA, as in a kubeadm cluster.
# TLS keys are ECDSA P-256 because they are generated in milliseconds; the service-account
# signing key is RSA 2048, the key type every token verifier supports.

CERT_DAYS=30

# make_ca DIR NAME COMMON_NAME writes DIR/NAME.key and DIR/NAME.crt.
make_ca() {
  local dir=$1 name=$2 common_name=$3
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/$name.key" -sha256 -days "$CERT_DAYS" -subj "/CN=$common_name" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/$name.crt"
}

# make_cert DIR CA NAME SUBJECT EXTENSIONS writes DIR/NAME.key and DIR/NAME.crt signed by
# DIR/CA.*. EXTENSIONS is an openssl extension section body, for example the usage and SANs.
make_cert() {
  local dir=$1 ca=$2 name=$3 subject=$4 extensions=$5
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key" 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" -CAcreateserial \
    -days "$CERT_DAYS" -sha256 -extfile <(printf '%s\n' "$extensions") -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$ca.srl"
}

client_extensions() {
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'
}

# make_pki DIR writes both CAs, the API server's serving pair, one client pair per component
# identity, the front-proxy client pair and the service-account key pair into DIR.
make_pki() {
  local dir=$1
  mkdir -p "$dir"
  chmod 700 "$dir"
  make_ca "$dir" ca gdpr-jitsi-test-ca
  make_ca "$dir" front-proxy-ca gdpr-jitsi-test-front-proxy-ca
  # 10.96.0.1 is the first address of --service-cluster-ip-range, the `kubernetes` Service's IP.
  make_cert "$dir" ca apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
    'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature' 'extendedKeyUsage=serverAuth' \
    'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local')"
  make_cert "$dir" ca admin "/O=system:masters/CN=admin" "$(client_extensions)"
  # The bootstrap RBAC policy binds these two user names to their component roles.
  make_cert "$dir" ca kube-controller-manager "/CN=system:kube-controller-manager" "$(client_extensions)"
  make_cert "$dir" ca kube-scheduler "/CN=system:kube-scheduler" "$(client_extensions)"
  # kwok writes Node and Pod status, Leases and PersistentVolumes, which no built-in role covers
  # in one piece. It runs as its own system:masters user, so its requests carry their own user
  # name in the audit log.
  make_cert "$dir" ca kwok "/O=system:masters/CN=kwok" "$(client_extensions)"
  make_cert "$dir" front-proxy-ca front-proxy-client "/CN=front-proxy-client" "$(client_extensions)"
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
}

# write_kubeconfig FILE SERVER PKI_DIR USER writes a kubeconfig for the client pair USER.* with
# every certificate embedded, so the file works when copied elsewhere.
write_kubeconfig() {
  local file=$1 server=$2 dir=$3 user=$4
  (
    umask 077
    cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: gdpr-jitsi-test
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 <"$dir/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$dir/$user.crt")
    client-key-data: $(base64 -w0 <"$dir/$user.key")
contexts:
- name: $user@gdpr-jitsi-test
  context:
    cluster: gdpr-jitsi-test
    user: $user
current-context: $user@gdpr-jitsi-test
EOF
  )
}
