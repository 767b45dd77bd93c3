# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test certificates for serving the emulator over HTTPS: a private CA and a server certificate it signed.

``write_certificates(directory)`` writes ``ca.pem`` (the CA certificate: what a
client trusts, e.g. the collection's ``ca_path``), ``cert.pem`` (the server
certificate, for ``--tls-cert``) and ``key.pem`` (its key, ``--tls-key``), made
now, valid for 30 days, for 127.0.0.1, ::1 and localhost. Nothing is cached:
each call makes new keys, so two calls give two CAs that do not trust each
other. Needs the ``cryptography`` package (ansible-core depends on it).
From the shell: ``PYTHONPATH=tests python -m emulator.tls DIRECTORY``.
"""

import collections
import datetime
import ipaddress
import os
import sys

HOSTS = ('127.0.0.1', '::1', 'localhost')

Certificates = collections.namedtuple('Certificates', 'ca cert key')


def _name(common_name):
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'transactionlink.access tests'),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _alt_names(hosts):
    from cryptography import x509
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def _write(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, 'wb') as handle:
        handle.write(data)


def write_certificates(directory, hosts=HOSTS, days=30):
    """Write ca.pem, cert.pem and key.pem in DIRECTORY; return their paths (Certificates(ca, cert, key))."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID

    now = datetime.datetime.now(datetime.timezone.utc)
    not_before, not_after = now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name('transactionlink.access test CA')
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(ca_ski, critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=True, key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(_alt_names(hosts), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
            .sign(ca_key, hashes.SHA256()))
    os.makedirs(directory, exist_ok=True)
    paths = Certificates(*(os.path.join(directory, name) for name in ('ca.pem', 'cert.pem', 'key.pem')))
    _write(paths.ca, ca.public_bytes(serialization.Encoding.PEM))
    _write(paths.cert, cert.public_bytes(serialization.Encoding.PEM))
    _write(paths.key, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()), 0o600)
    return paths


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0].startswith('-'):
        sys.stderr.write('usage: python -m emulator.tls DIRECTORY\n'
                         'writes ca.pem (trust it), cert.pem (--tls-cert) and key.pem (--tls-key)\n')
        return 2
    paths = write_certificates(argv[0])
    print('CA %s\ncertificate %s\nkey %s' % paths)
    return 0


if __name__ == '__main__':
    sys.exit(main())
