#pragma once

#include "topology.h"

#include <QString>

namespace sky {

class CanvasScene;

// Gives every node without a position one, from the layered layout, placed
// beside what is already laid out (a file from elsewhere may carry none).
// True when it placed any.
bool placeUnplacedNodes(Topology &topology);

struct RenderOptions
{
    qreal scale = 1.0;     // device pixels per scene unit (PNG)
    int maxSide = 16384;   // PNG pixels; a larger picture is scaled down
    QString title;         // drawn at the top left when set
    bool legend = false;   // the comparison colours, under the title
    QString legendNote;    // with the legend: one more line after the colours ("cost a month: ...")
    bool problems = true;  // the problem badges and red links, as on the canvas
};

// Draws the whole scene, as the canvas shows it, into an SVG or PNG file
// chosen by the extension of `path` (.svg, .png). The file is written
// atomically; false with `error` set when it cannot be.
bool renderSceneToFile(CanvasScene &scene, const QString &path, const RenderOptions &options, QString *error);

} // namespace sky
