#pragma once

#include <memory>

namespace sky {

class Format;

// The formats of this library; the application registers the ones it offers.
std::unique_ptr<Format> makeNativeFormat();  // "skyplan": *.sky.yaml, read and write
std::unique_ptr<Format> makeToscaFormat();   // "tosca": read and write
std::unique_ptr<Format> makeComposeFormat(); // "compose": read and write
std::unique_ptr<Format> makeKubernetesFormat(); // "kubernetes": read and write
std::unique_ptr<Format> makeAdlFormat();     // "adl": write
std::unique_ptr<Format> makeDotFormat();     // "dot": write
std::unique_ptr<Format> makeTerraformFormat(); // "terraform": a directory of HCL or JSON; reads JSON

} // namespace sky
